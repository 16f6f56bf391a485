"""JSON Lines with full-precision times, for backups (settings.SERIALIZATION_MODULES["dbjsonl"]).

Django's JSON encoder cuts datetimes to milliseconds; a restore would then change every time by up
to a millisecond and break the audit seals, which cover the exact time of each event."""

import datetime

from django.core.serializers import jsonl
from django.core.serializers.json import DjangoJSONEncoder


class FullPrecisionEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class Serializer(jsonl.Serializer):
    def _init_options(self):
        super()._init_options()
        self.json_kwargs["cls"] = FullPrecisionEncoder


Deserializer = jsonl.Deserializer
