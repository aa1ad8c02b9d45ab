"""Settings for selvhjelp, driven by environment variables (see README.md, "Configuration")."""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _

from selvhjelp.lib.env import (
    email_settings,
    env_bool,
    env_int,
    env_list,
    env_str,
    secret_key,
)

PACKAGE_DIR = Path(__file__).resolve().parent
# The project folder (the checkout holding pyproject.toml). The data folder defaults to its
# `var/`, whatever the current directory is; a relative SELVHJELP_DATA_DIR is read from the
# current directory, like any path given on the command line.
PROJECT_DIR = PACKAGE_DIR.parent
DATA_DIR = Path(env_str("SELVHJELP_DATA_DIR", str(PROJECT_DIR / "var"))).resolve()

SECRET_KEY = secret_key(DATA_DIR)
DEBUG = env_bool("SELVHJELP_DEBUG", False)
HTTPS = env_bool("SELVHJELP_HTTPS", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env_str("SELVHJELP_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    # Django's admin, with a site that asks for a second factor in the session.
    "selvhjelp.accounts.admin_config.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.forms",
    # allauth's list of passkeys shows when each was last used with `naturaltime`.
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "csp",
    "selvhjelp.accounts",
    "selvhjelp.places",
    "selvhjelp.contactpoints",
    "selvhjelp.groups",
    "selvhjelp.interest",
    "selvhjelp.meetings",
    "selvhjelp.decisions",
    "selvhjelp.reflection",
    "selvhjelp.overview",
    "selvhjelp.privacy",
    "selvhjelp.directory",
    "selvhjelp.statistics",
    "selvhjelp.opendata",
    "selvhjelp.notifications",
    "selvhjelp.audit",
    "selvhjelp.background",
    "selvhjelp.pages",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "selvhjelp.pages.middleware.AddressLanguageMiddleware",
    "selvhjelp.lib.pagecache.PublicPageCacheMiddleware",
    "selvhjelp.lib.unchanged.UnchangedEarlyMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "selvhjelp.pages.middleware.PrivateResponsesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "selvhjelp.pages.middleware.NulRefusedMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
]

ROOT_URLCONF = "selvhjelp.urls"
WSGI_APPLICATION = "selvhjelp.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "selvhjelp.pages.context_processors.page_addresses",
            ],
            # `{% url %}` with the addresses remembered (lib/addresses.py), in every template.
            "builtins": ["selvhjelp.pages.templatetags.addresses"],
        },
    },
]

# --- Database -----------------------------------------------------------------------------
# SQLite in the data folder by default: WAL so readers never wait for the writer, immediate
# transactions so two writers queue up instead of failing halfway, and a busy timeout.
# secure_delete overwrites deleted rows with zeros (some builds of SQLite do by default, not
# all), so an erased person does not linger in the file's free space; erasure then empties the
# WAL (privacy.services.database_file_clear). Each connection keeps up to 64 MB of the file
# in its own cache (SQLite's default is 2 MB): a directory of 100,000 groups is some 30 MB, and
# a search that looks up thousands of groups reads them from memory instead of the file.
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA secure_delete=ON; "
        "PRAGMA cache_size=-65536;"
    ),
}
_database_url = env_str("DATABASE_URL")
if _database_url:
    DATABASES = {
        "default": dj_database_url.parse(
            _database_url,
            conn_max_age=env_int("SELVHJELP_DB_CONN_MAX_AGE", 60),
            conn_health_checks=True,
        )
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "selvhjelp.sqlite3"),
            # One connection per server process, kept between requests: opening a file and
            # setting its pragmas costs more than many a page.
            "CONN_MAX_AGE": env_int("SELVHJELP_DB_CONN_MAX_AGE", 60),
            "CONN_HEALTH_CHECKS": True,
        }
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(SQLITE_OPTIONS)
    # Tests use a file too, so that they see the same locking as production.
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test-selvhjelp.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache backs the login rate limits and the page cache's version, so it must be shared by
# every server process: the database by default, Redis when REDIS_URL is set (several servers).
_redis_url = env_str("REDIS_URL")
if _redis_url:
    import redis  # noqa: F401 - at start-up, not in the first request
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _redis_url}
        if _redis_url
        else {
            # Django's database cache, its reads written once (lib/dbcache.py).
            "BACKEND": "selvhjelp.lib.dbcache.DatabaseCache",
            "LOCATION": "selvhjelp_cache",
            # Past this many rows the table drops the third with the lowest keys, and the login
            # limits' counts ("allauth:…") come first: keep it far beyond what the limits hold.
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        }
    )
}
# Kept public pages and what is drawn for them (lib/pagecache.py) have a store of their own: a
# flood of distinct addresses fills and culls that one, never the login limits' counts.
CACHES["pages"] = (
    {**CACHES["default"], "KEY_PREFIX": "pages"}
    if _redis_url
    else {"BACKEND": "selvhjelp.lib.dbcache.DatabaseCache", "LOCATION": "selvhjelp_pages"}
)

# Whole public pages for visitors without a session, until something they show changes
# (lib/pagecache.py says which responses qualify).
SELVHJELP_PAGE_CACHE = env_bool("SELVHJELP_PAGE_CACHE", True)

# --- Accounts -----------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
# Django's and allauth's, with the person read by a prepared query (accounts/backends.py).
AUTHENTICATION_BACKENDS = [
    "selvhjelp.accounts.backends.ModelBackend",
    "selvhjelp.accounts.backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "selvhjelp.accounts.validators.MaximumLengthValidator"},
]
LOGIN_URL = "account_login"
# Staff go on to their contact point's overview, everyone else to their profile.
LOGIN_REDIRECT_URL = "overview:start"
LOGOUT_REDIRECT_URL = "home"

ACCOUNT_ADAPTER = "selvhjelp.notifications.account_mail.AccountAdapter"
ACCOUNT_FORMS = {"signup": "selvhjelp.accounts.forms.SignupForm"}
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
# Following the link in the same browser that signed up signs the person in and takes them on
# to where they were going (a group's page, say). allauth does so only while that sign-up is in
# the session and younger than ACCOUNT_LOGIN_TIMEOUT (15 minutes, its default), so a link read
# elsewhere or later confirms the address and asks for the password.
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "selvhjelp: "
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300
# Changing the email address or the password asks for the password again first.
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if HTTPS else "http"
# The fifth wrong password for one address within 15 minutes is refused, and so is every
# attempt after it until the window has passed; a per-address limit never locks for good.
# The per-IP limit slows down guessing across many addresses.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "30/15m/ip,4/15m/key",
}
# Behind proxies, the visitor's address is the one this many proxies from the end of
# X-Forwarded-For; without it every visitor would look like the proxy and share one IP limit.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("SELVHJELP_TRUSTED_PROXIES", 0)
# The open data API answers this many requests a minute from one address, then 429.
SELVHJELP_API_REQUESTS_PER_MINUTE = env_int("SELVHJELP_API_REQUESTS_PER_MINUTE", 120)
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_TOTP_ISSUER = "selvhjelp"
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = not HTTPS
MFA_FORMS = {
    "add_webauthn": "selvhjelp.accounts.forms.AddPasskeyForm",
    "signup_webauthn": "selvhjelp.accounts.forms.SignupPasskeyForm",
    "edit_webauthn": "selvhjelp.accounts.forms.EditPasskeyForm",
    "authenticate_webauthn": "selvhjelp.accounts.forms.AuthenticatePasskeyForm",
    "login_webauthn": "selvhjelp.accounts.forms.LoginPasskeyForm",
    "reauthenticate_webauthn": "selvhjelp.accounts.forms.ReauthenticatePasskeyForm",
}

# --- Language and time --------------------------------------------------------------------
LANGUAGE_CODE = "nb"
LANGUAGES = [
    ("nb", _("Norwegian Bokmål")),
    ("nn", _("Norwegian Nynorsk")),
    ("en", _("English")),
]
# Our catalog first (it wins where both have a string), then allauth's texts in nynorsk,
# which allauth does not ship (see the header of that catalog).
# Our texts; then allauth's in nynorsk and Django's reworded ones, which their own catalogs lack.
LOCALE_PATHS = [
    PACKAGE_DIR / "locale",
    PACKAGE_DIR / "locale_allauth",
    PACKAGE_DIR / "locale_django",
]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True
FIRST_DAY_OF_WEEK = 1

# --- Static files -------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # `selvhjelp serve` collects the files with hashed names; a debug server reads them as is.
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# --- Email --------------------------------------------------------------------------------
# Without EMAIL_URL nothing is sent: the worker keeps each message, and administrators can
# read them in the admin (Messages), which is how a demo shows its emails.
_email_url = env_str("EMAIL_URL")
SELVHJELP_EMAIL_KEEP = not _email_url
globals().update(email_settings(_email_url or "memory://"))
SELVHJELP_OUTBOX_KEEP_DAYS = env_int("SELVHJELP_OUTBOX_KEEP_DAYS", 30)
DEFAULT_FROM_EMAIL = env_str("SELVHJELP_FROM_EMAIL", "selvhjelp <ikke-svar@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security -----------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Django's database sessions, read with one plain query (accounts/sessions.py).
SESSION_ENGINE = "selvhjelp.accounts.sessions"
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
# A refused form gets our page, in the page's language, with what to do (pages/errors.py).
CSRF_FAILURE_VIEW = "selvhjelp.pages.errors.csrf_failure"
if HTTPS:
    SECURE_SSL_REDIRECT = env_bool("SELVHJELP_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SELVHJELP_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        # Designsystemet draws its icons as data: URIs inside its CSS.
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        # Meeting mode's offline worker (reflection/views.py), from our own origin only.
        "worker-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    },
}

# --- Logging ------------------------------------------------------------------------------
# Messages only; no request bodies and no email addresses (see docs/operations.md).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "{asctime} {levelname} {name}: {message}", "style": "{"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("SELVHJELP_LOG_LEVEL", "INFO")},
    "loggers": {"django.security.DisallowedHost": {"level": "ERROR"}},
}

FORM_RENDERER = "selvhjelp.forms.FormRenderer"
