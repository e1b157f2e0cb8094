"""Property tests: whatever bytes a .kei file holds, loading gives a valid Design or a one-line DesignFileError."""

from __future__ import annotations

import json
import math

from hypothesis import assume, given, settings
from hypothesis import strategies as st
from soak import scale

from keidesigner.design import Design
from keidesigner.files import DesignFileError, dumps_design, load_design, load_preset, loads_design, preset_names

PRESET_TEXTS = {name: dumps_design(load_preset(name)) for name in preset_names()}

# any text at all, line breaks and lone surrogates included: keys are echoed into one-line error messages
keys = st.text(max_size=12)
json_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-10**6, 10**6), st.integers(), st.text(max_size=20),
    st.floats(allow_nan=False, allow_infinity=False), st.sampled_from([0, -1, 1e308, 1e-308, 3400, 3400.0, ""]),
)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=4)),
    max_leaves=12,
)

FUZZ = settings(max_examples=scale(150, 5_000), deadline=None)


def _outcome(text: str | bytes, tmp_path_factory=None):
    """Load text; return the Design or the error. Any other exception fails the test."""
    try:
        if isinstance(text, bytes):
            path = tmp_path_factory.mktemp("fuzz") / "f.kei"
            path.write_bytes(text)
            design = load_design(path)
        else:
            design = loads_design(text, path="fuzz.kei")
    except DesignFileError as exc:
        message = str(exc)
        assert len(message.splitlines()) == 1, message
        assert message.startswith(("fuzz.kei: ", str(exc.path)))
        assert exc.problem.strip()
        return exc
    assert isinstance(design, Design)
    assert Design.model_validate(design.model_dump()) == design
    return design


@FUZZ
@given(data=st.binary(max_size=600))
def test_random_bytes(data, tmp_path_factory):
    _outcome(data, tmp_path_factory)


@FUZZ
@given(value=json_values)
def test_random_json_values(value):
    assert isinstance(_outcome(json.dumps(value)), DesignFileError)


def _paths(doc, prefix=()):
    """Every path in a document, into the package's lists of rows and seats too (an index is an int)."""
    yield prefix
    if isinstance(doc, dict):
        for k, v in doc.items():
            yield from _paths(v, prefix + (k,))
    elif isinstance(doc, list):
        for i, v in enumerate(doc):
            yield from _paths(v, prefix + (i,))


def _parent(doc, path):
    for p in path[:-1]:
        doc = doc[p]
    return doc


@FUZZ
@given(name=st.sampled_from(sorted(PRESET_TEXTS)), data=st.data())
def test_mutated_presets(name, data):
    doc = json.loads(PRESET_TEXTS[name])
    for _ in range(data.draw(st.integers(1, 4), label="mutations")):
        paths = [p for p in _paths(doc) if p]
        path = data.draw(st.sampled_from(paths), label="path")
        parent = _parent(doc, path)
        action = data.draw(st.sampled_from(["delete", "replace", "add"]), label="action")
        if action == "delete":
            del parent[path[-1]]
        elif action == "replace":
            parent[path[-1]] = data.draw(json_values, label="value")
        else:
            target = parent[path[-1]] if isinstance(parent[path[-1]], (dict, list)) else parent
            if isinstance(target, list):  # a row or seat more, of any shape
                target.append(data.draw(json_values, label="value"))
            else:
                target[data.draw(keys, label="key")] = data.draw(json_values, label="value")
    _outcome(json.dumps(doc))


@FUZZ
@given(name=st.sampled_from(sorted(PRESET_TEXTS)), data=st.data())
def test_numbers_replaced_in_presets(name, data):
    """Every numeric field set to an arbitrary number: a valid design comes back, or one error line."""
    doc = json.loads(PRESET_TEXTS[name])
    numeric = [p for p in _paths(doc) if p and isinstance(_parent(doc, p)[p[-1]], (int, float))
               and not isinstance(_parent(doc, p)[p[-1]], bool) and p[0] != "version"]
    for path in data.draw(st.lists(st.sampled_from(numeric), min_size=1, max_size=5, unique=True), label="paths"):
        _parent(doc, path)[path[-1]] = data.draw(
            st.one_of(st.floats(allow_nan=False, allow_infinity=False), st.integers(-10**30, 10**30)), label="v")
    result = _outcome(json.dumps(doc))
    if isinstance(result, Design):
        assert all(math.isfinite(v) for v in _numbers(result.model_dump()))


def _numbers(node):
    if isinstance(node, dict):
        for v in node.values():
            yield from _numbers(v)
    elif isinstance(node, (int, float)) and not isinstance(node, bool):
        yield node


@FUZZ
@given(name=st.sampled_from(sorted(PRESET_TEXTS)), cut=st.integers(0, 10_000))
def test_truncated_presets(name, cut):
    text = PRESET_TEXTS[name]
    assume(cut < len(text) - 2)  # the last characters are only "}\n"
    assert isinstance(_outcome(text[:cut]), DesignFileError)


@FUZZ
@given(name=st.sampled_from(sorted(PRESET_TEXTS)), data=st.data())
def test_byte_flips_in_presets(name, data, tmp_path_factory):
    raw = bytearray(PRESET_TEXTS[name].encode())
    for _ in range(data.draw(st.integers(1, 3))):
        raw[data.draw(st.integers(0, len(raw) - 1))] = data.draw(st.integers(0, 255))
    _outcome(bytes(raw), tmp_path_factory)


@settings(max_examples=scale(60, 2_000), deadline=None)
@given(depth=st.integers(1, 3000), opener=st.sampled_from(['[', '{"a": ']))
def test_nested_json_in_a_field(depth, opener):
    closer = "]" if opener == "[" else "}"
    text = PRESET_TEXTS["kei-van"].replace('"notes": "', f'"notes": {opener * depth}1{closer * depth}, "x": "')
    assert isinstance(_outcome(text), DesignFileError)


hostile_texts = st.one_of(
    st.text(min_size=1000, max_size=5000),  # long, any unicode
    st.text(st.characters(min_codepoint=0x80), max_size=50),  # only non-ASCII
    st.builds(lambda n, c: c * n, st.integers(10_000, 400_000), st.sampled_from(["a", "€", "𝔎", "\u200b"])),
)


@FUZZ
@given(name=st.sampled_from(sorted(PRESET_TEXTS)), data=st.data())
def test_hostile_tokens_in_presets(name, data):
    """Huge numbers, long and exotic strings, duplicated keys, spliced into a real file's text."""
    text = PRESET_TEXTS[name]
    doc = json.loads(text)
    path = data.draw(st.sampled_from([p for p in _paths(doc) if p and p[0] not in ("format", "version")
                                      and isinstance(p[-1], str)]), label="path")
    key = json.dumps(path[-1])
    kind = data.draw(st.sampled_from(["huge number", "long text", "duplicate key"]), label="kind")
    if kind == "huge number":
        digits = data.draw(st.integers(20, 6000), label="digits")
        token = data.draw(st.sampled_from(["", "-"])) + "9" * digits + data.draw(st.sampled_from(["", ".5", "e999"]))
    elif kind == "long text":
        token = json.dumps(data.draw(hostile_texts, label="text"), ensure_ascii=data.draw(st.booleans()))
    else:
        token = json.dumps(_parent(doc, path)[path[-1]]) + f", {key}: 1"
    start = text.index(key + ":")
    # replace the value that follows this key (the next line's end or the object's end)
    end = text.index("\n", start)
    line = text[start:end]
    tail = "," if line.rstrip().endswith(",") else ""
    if line.rstrip().endswith(("{", "[")):
        return  # a section or a list of them (the package's rows and seats): replaced by the mutation tests instead
    result = _outcome(text[:start] + f"{key}: {token}{tail}" + text[end:])
    if kind == "duplicate key":
        assert isinstance(result, DesignFileError) and "duplicate key" in result.problem
