"""The JSON Schema of the .kei format."""

from __future__ import annotations

import json

import pytest

from keidesigner.design import Design
from keidesigner.files import CURRENT_VERSION, FORMAT_NAME, dumps_design, json_schema


def test_schema_is_draft_2020_12_with_format_version_and_every_design_field():
    schema = json_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["type"] == "object"
    props = schema["properties"]
    assert props["format"] == {"const": FORMAT_NAME}
    assert props["version"] == {"const": CURRENT_VERSION}
    assert set(props) == {"format", "version", *Design.model_fields}
    assert set(schema["required"]) == set(props)
    assert schema.get("additionalProperties") is False
    json.dumps(schema)  # serialisable


def test_schema_carries_units_and_bounds(van):
    schema = json_schema()
    dims = schema["$defs"]["Dimensions"]["properties"]["length_mm"]
    assert dims["minimum"] == 1200 and dims["maximum"] == 6000 and dims["unit"] == "mm"
    assert dims["title"] == "Length" and dims["description"]
    # the powertrain is a discriminated union of the three kinds
    pt = schema["properties"]["powertrain"]
    assert pt["discriminator"]["propertyName"] == "kind"
    assert len(pt["oneOf"]) == 3


def test_every_preset_matches_the_schema_structurally(preset):
    """Without jsonschema: every key of a saved preset is a property of the schema and nothing required is
    missing, at the top level and in each section."""
    schema = json_schema()
    doc = json.loads(dumps_design(preset))
    assert set(doc) == set(schema["required"])
    checked = 0
    for section, value in doc.items():
        prop = schema["properties"][section]
        if "discriminator" in prop:
            ref = prop["discriminator"]["mapping"][value["kind"]]
        else:
            ref = prop.get("$ref")
        if ref is None:
            assert not isinstance(value, dict)
            continue
        sub = schema["$defs"][ref.rsplit("/", 1)[-1]]
        if "enum" in sub:
            assert value in sub["enum"]
            continue
        assert set(value) <= set(sub["properties"]), section
        assert set(sub.get("required", [])) <= set(value), section
        assert sub.get("additionalProperties") is False, section
        checked += 1
    assert checked == 11  # dimensions, powertrain, structure, front_end, road_load, occupancy, package, mass,
    # lighting, safety, plan

def test_every_preset_validates_against_the_schema(preset):
    jsonschema = pytest.importorskip("jsonschema")
    schema = json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(json.loads(dumps_design(preset)))
    bad = json.loads(dumps_design(preset)) | {"version": 99}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(schema).validate(bad)
