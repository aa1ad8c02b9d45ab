from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig


class AdminConfig(DjangoAdminConfig):
    """Django's admin with our site (a module of its own: apps load before models do)."""

    default_site = "selvhjelp.accounts.admin_site.AdminSite"
