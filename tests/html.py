"""Read a rendered page's forms back, as a browser would submit them (stdlib only)."""

from html.parser import HTMLParser


class _Forms(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._select: str | None = None
        self._select_first: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = {
                "action": a.get("action") or "",
                "method": (a.get("method") or "get").lower(),
                "fields": [],
                "inputs": [],
            }
            self.forms.append(self._form)
            return
        if self._form is None:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            self._form["inputs"].append({"name": name, "type": kind, "value": a.get("value")})
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self._form["fields"].append((name, a.get("value") or "on"))
            elif kind not in ("submit", "button", "file", "image", "reset"):
                self._form["fields"].append((name, a.get("value") or ""))
        elif tag == "select" and name:
            self._select, self._select_first = name, None
            self._form["fields"].append((name, None))
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            fields = self._form["fields"]
            if self._select_first is None:
                self._select_first = value
                fields[-1] = (self._select, value)
            if "selected" in a:
                fields[-1] = (self._select, value)
        elif tag == "textarea" and name:
            self._textarea = name
            self._form["fields"].append((name, ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea is not None and self._form is not None:
            name, value = self._form["fields"][-1]
            if not value and data.startswith("\n"):
                data = data[1:]  # a browser drops the newline right after <textarea>
            self._form["fields"][-1] = (name, value + data)


def page_forms(html: str) -> list[dict]:
    """Each form: action, method, fields (name, value) as submitted, inputs (name, type, value attribute)."""
    parser = _Forms()
    parser.feed(html)
    return parser.forms


def form_data(form: dict) -> dict:
    data: dict[str, list[str]] = {}
    for name, value in form["fields"]:
        data.setdefault(name, []).append(value or "")
    return {k: v if len(v) > 1 else v[0] for k, v in data.items()}
