from django.db import models

from . import crypto


class EncryptedCharField(models.TextField):
    """Stores AES-GCM ciphertext; Python code only ever sees the plaintext."""

    description = "Encrypted text"

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return crypto.decrypt(value)

    def get_prep_value(self, value):
        if value is None or value == "":
            return value
        return crypto.encrypt(str(value))
