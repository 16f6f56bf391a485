"""Registration and password reset start by proving the phone with an SMS code (issue 12 items 13, 21)."""

from tests.senders import last_code


def prove_phone(client, path: str, phone: str, sent: list) -> str:
    """Ask for the SMS code on `path`'s first step and return the code the SMS carried."""
    response = client.post(path, {"phone": phone, "send_code": "1"})
    assert response.status_code == 302, response.content.decode()[:500]
    return last_code(sent)
