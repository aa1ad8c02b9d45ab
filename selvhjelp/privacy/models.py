from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ErasedAccount(models.Model):
    """An erased account, as a restore needs it to erase the account again and nothing more.

    The key is an HMAC of the account's id and the moment it was created, with a key kept outside
    the database (`privacy/ledger.py`): the table alone names nobody, while a backup taken before
    the erasure still shows which of its accounts to erase.
    """

    key = models.CharField(max_length=64, primary_key=True)
    erased_at = models.DateTimeField()

    class Meta:
        verbose_name = _("erased account")
        verbose_name_plural = _("erased accounts")

    def __str__(self) -> str:
        return self.key
