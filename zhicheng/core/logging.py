import logging
import re

# 18-digit resident ID (last may be X) or an 11-digit mainland mobile number.
PERSONAL_NUMBER = re.compile(r"(?<!\d)(\d{17}[\dXx]|1[3-9]\d{9})(?!\d)")


class PersonalDataInLog(AssertionError):
    pass


class RedactPersonalDataFilter(logging.Filter):
    """Redacts ID and phone numbers from log lines (SECURITY.md 16); strict mode (tests) raises instead."""

    def __init__(self, strict: bool = False):
        super().__init__()
        self.strict = strict

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if PERSONAL_NUMBER.search(message):
            if self.strict:
                raise PersonalDataInLog(f"personal number in log line from {record.name}")
            record.msg = PERSONAL_NUMBER.sub("[已隐去]", message)
            record.args = ()
        return True
