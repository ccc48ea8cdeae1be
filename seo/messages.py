"""Translated texts that remember what they were translated from.

A finding is computed by whoever runs the audit (often the task worker, in
the site's default language) and read later by an editor who may have chosen
another admin language. ``gettext`` and ``ngettext`` here work as Django's
do, and the ``Message`` they return is a plain ``str`` in the current
language, so the editor's live panel and everything else that treats a
finding's message as text keeps working; but it also carries its ``msgid``
(and ``plural``/``count``) and, once formatted with ``%``, its parameters.
``Finding.as_dict`` stores those next to the text, and ``render`` translates
a stored message again in the language of whoever reads it.

The call sites keep the names ``_``, ``gettext``, ``gettext_lazy`` and
``ngettext`` so that ``makemessages`` still finds every msgid.

A full audit asks for some fifty texts per page, the same ones on every
page; Django looks each one up through the active language (a context-local)
and a chain of catalogs. ``gettext`` and ``ngettext`` here remember what each
msgid gave in each catalog (``texts``), and within ``one_catalog()`` (one
page's checks) look the active catalog up only once.
"""

import datetime
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.utils.formats import date_format
from django.utils.functional import lazy
from django.utils.translation import gettext as django_gettext
from django.utils.translation import ngettext as django_ngettext

# Params that are stored as they are; anything else is stored as its text.
_PLAIN = (str, int, float, bool, type(None))


class Message(str):
    """A translated text, with what is needed to translate it again."""

    __slots__ = ("msgid", "plural", "count", "params")

    def __new__(cls, text, msgid, plural=None, count=None, params=None):
        message = super().__new__(cls, text)
        message.msgid = msgid
        message.plural = plural
        message.count = count
        message.params = params
        return message

    def __mod__(self, params):
        text = str.__mod__(str(self), params)
        return Message(text, self.msgid, self.plural, self.count, params)

    def __reduce__(self):
        return (
            Message,
            (str(self), self.msgid, self.plural, self.count, self.params),
        )

    def translation(self):
        """This message translated into the current language."""
        if self.plural is None:
            text = django_gettext(self.msgid)
        else:
            text = django_ngettext(self.msgid, self.plural, self.count)
        if self.params is not None:
            text = text % _translated_params(self.params)
        return Message(text, self.msgid, self.plural, self.count, self.params)

    def as_dict(self):
        """What ``render`` needs besides the text: the msgid, the plural form
        and count where used, and the parameters (JSON-ready)."""
        data = {"msgid": self.msgid}
        if self.plural is not None:
            data["plural"] = self.plural
            data["count"] = self.count
        if self.params is not None:
            data["params"] = _serialised(self.params)
        return data


# {id(catalog): (catalog, {msgid or (singular, plural, number): text})}. A
# catalog is the active language's translation object: Django makes a new
# one when translations are reloaded, so a stale text is never found.
_TEXTS = {}
_MAX_CATALOGS = 32
MAX_TEXTS = 10_000  # per catalog (a count is part of an ngettext key)
_SCOPE = ContextVar("seo_messages_texts", default=None)


def texts():
    """The remembered texts of the active catalog (a dict to fill), or None
    when translation is off (nothing to remember)."""
    found = _SCOPE.get()
    if found is not None:
        return found
    if not settings.USE_I18N:
        return None
    from django.utils.translation import trans_real

    active = trans_real.catalog()
    entry = _TEXTS.get(id(active))
    if entry is None or entry[0] is not active:
        if len(_TEXTS) >= _MAX_CATALOGS:
            _TEXTS.clear()
        entry = _TEXTS[id(active)] = (active, {})
    return entry[1]


@contextmanager
def one_catalog():
    """Within this block the active language does not change: look its
    catalog up once, not at every ``gettext``."""
    token = _SCOPE.set(texts())
    try:
        yield
    finally:
        _SCOPE.reset(token)


def gettext(message):
    known = texts() if type(message) is str else None
    if known is None:
        return Message(django_gettext(message), message)
    text = known.get(message)
    if text is None:
        text = django_gettext(message)
        if len(known) < MAX_TEXTS:
            known[message] = text
    return Message(text, message)


def ngettext(singular, plural, number):
    known = texts() if type(singular) is str and type(number) is int else None
    if known is None:
        text = django_ngettext(singular, plural, number)
    else:
        key = (singular, plural, number)
        text = known.get(key)
        if text is None:
            text = django_ngettext(singular, plural, number)
            if len(known) < MAX_TEXTS:
                known[key] = text
    return Message(text, singular, plural, number)


_LazyText = type(lazy(gettext, str)(""))


class _LazyMessage(_LazyText):
    """Django's lazy text, except that ``str()`` of it is a ``Message``."""

    def __str__(self):
        return gettext(*self._args, **self._kw)


def gettext_lazy(message):
    """Like Django's: translated when used; ``str()`` gives a ``Message``."""
    return _LazyMessage((message,), {})


class LocalDate:
    """A date as a message parameter: written the way the reader's language
    writes dates ("2 December 2026", "2 Aralık 2026"), when it is read.

    Django's date formatting costs more than the check that gives the date
    (the review date's, on every page of a full audit), and a site has few
    distinct dates: each one's text is remembered with the active catalog's
    texts (``texts``)."""

    __slots__ = ("date",)

    def __init__(self, date):
        self.date = date

    def __str__(self):
        known = texts()
        if known is None:
            return date_format(self.date, "d F Y")
        key = (LocalDate, self.date)
        text = known.get(key)
        if text is None:
            text = date_format(self.date, "d F Y")
            if len(known) < MAX_TEXTS:
                known[key] = text
        return text

    def __eq__(self, other):
        return isinstance(other, LocalDate) and other.date == self.date

    def __hash__(self):
        return hash(self.date)


class Joined:
    """Texts joined by a translated separator (" and "), as one parameter,
    each part translated again when read."""

    __slots__ = ("separator", "parts")

    def __init__(self, separator, parts):
        self.separator = separator
        self.parts = tuple(parts)

    def __str__(self):
        return str(self.separator).join(str(part) for part in self.parts)


def _serialised(params):
    if isinstance(params, LocalDate):
        return {"__date__": params.date.isoformat()}
    if isinstance(params, Joined):
        return {
            "__joined__": _serialised(params.separator),
            "__parts__": [_serialised(part) for part in params.parts],
        }
    if isinstance(params, Message):
        return {"text": str(params), **params.as_dict()}
    if isinstance(params, dict):
        return {str(key): _serialised(value) for key, value in params.items()}
    if isinstance(params, list | tuple):
        return [_serialised(value) for value in params]
    if isinstance(params, _PLAIN):
        return params
    text = str(params)  # a lazy text; ours gives a Message
    return _serialised(text) if isinstance(text, Message) else text


def _deserialised(params):
    """Params as stored, with nested messages made ``Message``s again."""
    if isinstance(params, dict):
        if "msgid" in params and "text" in params:
            return _message(params, params["text"])
        if set(params) == {"__date__"}:
            return LocalDate(datetime.date.fromisoformat(params["__date__"]))
        if set(params) == {"__joined__", "__parts__"}:
            return Joined(
                _deserialised(params["__joined__"]),
                [_deserialised(part) for part in params["__parts__"]],
            )
        return {key: _deserialised(value) for key, value in params.items()}
    if isinstance(params, list):
        return tuple(_deserialised(value) for value in params)
    return params


def _translated_params(params):
    if isinstance(params, Message):
        return params.translation()
    if isinstance(params, Joined):
        return Joined(
            _translated_params(params.separator),
            [_translated_params(part) for part in params.parts],
        )
    if isinstance(params, dict):
        return {key: _translated_params(value) for key, value in params.items()}
    if isinstance(params, tuple):
        return tuple(_translated_params(value) for value in params)
    return params


def _message(data, text):
    """The ``Message`` stored as ``data`` (with ``text`` as rendered then),
    translated into the current language; ``text`` itself if it cannot be."""
    msgid = data.get("msgid")
    if not isinstance(msgid, str) or not msgid:
        return text
    try:
        params = _deserialised(data["params"]) if "params" in data else None
        stored = Message(text, msgid, data.get("plural"), data.get("count"), params)
        return stored.translation()
    except (KeyError, ValueError, TypeError):
        return text


def render(data, text_key="message"):
    """The message of a stored finding (a dict of ``Finding.as_dict``) in the
    current language: a ``Message`` when it was stored with its msgid, else
    (rows stored by an earlier release) the text as it was stored."""
    return _message(data, data.get(text_key, ""))


def message_fields(message):
    """The fields a stored finding keeps next to its text: ``msgid``,
    ``plural``/``count`` and ``params``, when ``message`` is a ``Message``."""
    return message.as_dict() if isinstance(message, Message) else {}
