"""Documents as JSON and back, every value checked against its declared type on the way in.

The document cache (``workplans check --cache DIR``) is a file that whoever can write
to a CI cache can replace. Pickle would run whatever such a file asks for; this codec
reads nothing but JSON and builds nothing but the dataclasses of the document model,
each field checked against its type hint, so a damaged or forged entry is refused
(:class:`Invalid`) rather than trusted or crashing later.

Decoders are compiled once per type from the type hints, so decoding a few thousand
documents stays a small part of a warm run. YAML values (front matter, task blocks)
are stored when they are plain JSON values; a document holding anything else (sets,
binary, pairs, integers too long to print) is :class:`Unencodable` and simply not
cached.
"""

from __future__ import annotations

import dataclasses
import math
import types
import typing
from collections.abc import Callable
from typing import Any, Literal, TypeVar, Union

from mkdocs_workplans.model.document import Document

T = TypeVar("T")
Decoder = Callable[[Any], Any]
Encoder = Callable[[Any], Any]

#: Integers beyond this many bits are not stored (``str()`` of them may raise, see ``sys.set_int_max_str_digits``).
MAX_INT_BITS = 4096
#: Nesting of a YAML value kept in the cache; deeper documents are parsed again instead.
MAX_DEPTH = 64


class Invalid(ValueError):
    """The JSON does not describe a value of the expected type."""


class Unencodable(ValueError):
    """The value holds something JSON cannot carry faithfully."""


def _fail(expected: str, value: object) -> Invalid:
    return Invalid(f"expected {expected}, found {type(value).__name__}")


def _str(value: Any) -> str:
    if type(value) is not str:
        raise _fail("a string", value)
    return value


def _int(value: Any) -> int:
    # bool is an int to Python: compare types exactly.
    if type(value) is not int:
        raise _fail("an integer", value)
    if value.bit_length() > MAX_INT_BITS:
        raise Invalid("integer too large")
    return value


def _bool(value: Any) -> bool:
    if type(value) is not bool:
        raise _fail("a boolean", value)
    return value


def _float(value: Any) -> float:
    if type(value) is float:
        return value
    return float(_int(value))


_PLAIN: dict[Any, Decoder] = {str: _str, int: _int, bool: _bool, float: _float}


def _json_value(value: Any, depth: int = 0) -> Any:
    """A YAML value as a JSON value; lists and string-keyed mappings of scalars only."""
    if depth > MAX_DEPTH:
        raise Unencodable("nested too deeply")
    if value is None or type(value) in (str, bool):
        return value
    if type(value) is int:
        if value.bit_length() > MAX_INT_BITS:
            raise Unencodable("integer too large")
        return value
    if type(value) is float:
        if not math.isfinite(value):
            raise Unencodable("not a finite number")
        return value
    if type(value) is list:
        return [_json_value(item, depth + 1) for item in value]
    if type(value) is dict and all(type(key) is str for key in value):
        return {key: _json_value(item, depth + 1) for key, item in value.items()}
    raise Unencodable(f"cannot store a {type(value).__name__}")


def _any_decoder(value: Any, depth: int = 0) -> Any:
    if depth > MAX_DEPTH:
        raise Invalid("nested too deeply")
    if value is None or type(value) in (str, bool, float):
        return value
    if type(value) is int:
        return _int(value)
    if type(value) is list:
        return [_any_decoder(item, depth + 1) for item in value]
    if type(value) is dict:
        return {key: _any_decoder(item, depth + 1) for key, item in value.items()}
    raise _fail("a JSON value", value)


def _compile(hint: Any, decoders: dict[Any, Decoder]) -> Decoder:
    """A function that checks a JSON value against ``hint`` and builds the Python value."""
    if hint in decoders:
        return decoders[hint]
    origin, arguments = typing.get_origin(hint), typing.get_args(hint)
    decoder: Decoder
    if hint is Any:
        decoder = _any_decoder
    elif hint in _PLAIN:
        decoder = _PLAIN[hint]
    elif hint is type(None):
        decoder = _none
    elif origin is Literal:
        allowed = frozenset(arguments)

        def decoder(value: Any) -> Any:
            if type(value) is not str or value not in allowed:
                raise Invalid(f"unexpected value {value!r}")
            return value

    elif origin in (Union, types.UnionType):
        decoder = _union([_compile(argument, decoders) for argument in arguments])
    elif origin in (list, set, frozenset):
        decoder = _collection(origin, _compile(arguments[0], decoders))
    elif origin is tuple:
        decoder = _tuple([_compile(argument, decoders) for argument in arguments])
    elif origin is dict:
        decoder = _mapping(_compile(arguments[0], decoders), _compile(arguments[1], decoders))
    elif dataclasses.is_dataclass(hint) and isinstance(hint, type):
        decoders[hint] = lambda value: built(value)  # recursive types refer to themselves
        built = _dataclass(hint, decoders)
        decoder = built
    else:  # pragma: no cover - a new field type in the model needs a case here
        raise TypeError(f"no decoder for {hint!r}")
    decoders[hint] = decoder
    return decoder


def _none(value: Any) -> None:
    if value is not None:
        raise _fail("null", value)


def _union(options: list[Decoder]) -> Decoder:
    if len(options) == 2 and _none in options:  # the common ``X | None``, without trying each
        inner = options[1 - options.index(_none)]
        return lambda value: None if value is None else inner(value)

    def decode(value: Any) -> Any:
        for option in options:
            try:
                return option(value)
            except Invalid:
                continue
        raise Invalid(f"no alternative fits a {type(value).__name__}")

    return decode


def _collection(kind: type, item: Decoder) -> Decoder:
    def decode(value: Any) -> Any:
        if type(value) is not list:
            raise _fail("a list", value)
        return kind(item(element) for element in value)

    return decode


def _tuple(items: list[Decoder]) -> Decoder:
    if items == [_int, _int]:  # positions, the most frequent tuple by far

        def pair(value: Any) -> tuple[int, int]:
            if type(value) is not list or len(value) != 2:
                raise _fail("a pair", value)
            return (_int(value[0]), _int(value[1]))

        return pair

    def decode(value: Any) -> Any:
        if type(value) is not list or len(value) != len(items):
            raise _fail(f"a list of {len(items)}", value)
        return tuple(item(element) for item, element in zip(items, value, strict=True))

    return decode


def _mapping(key: Decoder, item: Decoder) -> Decoder:
    """Mappings are stored as lists of pairs: JSON keys are strings, the model's are not all."""

    def decode(value: Any) -> Any:
        if type(value) is not list:
            raise _fail("a list of pairs", value)
        result = {}
        for pair in value:
            if type(pair) is not list or len(pair) != 2:
                raise _fail("a pair", pair)
            result[key(pair[0])] = item(pair[1])
        return result

    return decode


def _dataclass(kind: type[T], decoders: dict[Any, Decoder]) -> Callable[[Any], T]:
    hints = typing.get_type_hints(kind)
    names = [f.name for f in dataclasses.fields(kind)]  # type: ignore[arg-type]
    fields = [_compile(hints[name], decoders) for name in names]
    count = len(fields)

    def decode(value: Any) -> T:
        if type(value) is not list or len(value) != count:
            raise _fail(f"a list of {count} fields of {kind.__name__}", value)
        return kind(
            **dict(zip(names, [field(element) for field, element in zip(fields, value, strict=True)], strict=True))
        )

    return decode


def _encode(value: Any, hint: Any) -> Any:
    """``value`` (of type ``hint``) as the JSON value its decoder reads back."""
    origin = typing.get_origin(hint)
    if hint is Any:
        return _json_value(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        hints = _hints(type(value))
        return [_encode(getattr(value, f.name), hints[f.name]) for f in dataclasses.fields(value)]
    if value is None or type(value) in (str, bool):
        return value
    if type(value) in (int, float):
        return _json_value(value)
    if origin in (Union, types.UnionType):
        return _encode(value, next(a for a in typing.get_args(hint) if _instance(value, a)))
    if origin is dict:
        key_hint, item_hint = typing.get_args(hint)
        return [[_encode(k, key_hint), _encode(v, item_hint)] for k, v in value.items()]
    if origin in (set, frozenset):
        (item_hint,) = typing.get_args(hint)
        return [_encode(item, item_hint) for item in sorted(value)]
    if origin in (list, tuple):
        arguments = typing.get_args(hint)
        items = arguments if origin is tuple else [arguments[0]] * len(value)
        return [_encode(item, item_hint) for item, item_hint in zip(value, items, strict=True)]
    raise Unencodable(f"cannot store a {type(value).__name__}")


def _instance(value: Any, hint: Any) -> bool:
    origin = typing.get_origin(hint) or hint
    if origin is Literal:
        return value in typing.get_args(hint)
    return hint is Any or isinstance(value, origin)


_HINTS: dict[type, dict[str, Any]] = {}


def _hints(kind: type) -> dict[str, Any]:
    hints = _HINTS.get(kind)
    if hints is None:
        hints = _HINTS[kind] = typing.get_type_hints(kind)
    return hints


_DECODE_DOCUMENT = _compile(Document, {})


def encode_document(document: Document) -> Any:
    """The document as a JSON value; raises :class:`Unencodable` when it cannot be stored faithfully."""
    return _encode(document, Document)


def decode_document(value: Any) -> Document:
    """The document ``value`` describes; raises :class:`Invalid` unless every field has its declared type."""
    try:
        document: Document = _DECODE_DOCUMENT(value)
    except (TypeError, RecursionError) as error:
        raise Invalid(str(error)) from None
    return document
