from django.db import models

from . import crypto

_SEALED = "sealed:"


class Sealed(str):
    """Ciphertext carried through serialisation (dumpdata/loaddata, `manage.py backup`) and stored
    as it is: a dump never holds a personal number in clear, and loading it needs the same key."""


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
        if isinstance(value, Sealed):
            return str(value)
        return crypto.encrypt(str(value))

    def value_to_string(self, obj):
        value = self.value_from_object(obj)
        if value is None or value == "":
            return value
        return _SEALED + crypto.encrypt(str(value))

    def to_python(self, value):
        if isinstance(value, str) and value.startswith(_SEALED):
            return Sealed(value[len(_SEALED) :])
        return value
