"""A test SMS gateway: keeps what it was asked to send, so that a test can read a verification code."""

import re


class RecordingSender:
    sent: list = []

    def send(self, message) -> None:
        RecordingSender.sent.append(message)


def last_code(sent: list) -> str:
    """The six-digit code in the latest SMS."""
    for message in reversed(sent):
        found = re.search(r"\b(\d{6})\b", message.body)
        if found:
            return found.group(1)
    raise AssertionError("no SMS with a code was sent")
