"""Validates OpenLineage RunEvents (one JSON object per line) against the OpenLineage object model.

The official JSON Schema files are not published on PyPI, so the schema is derived from
openlineage-python's generated model (openlineage/client/generated/*.py, which the OpenLineage
project generates from the official OpenLineage.json 2-0-2 and facet schemas). For every class the
derived JSON Schema lists the properties with their types, the required ones (attrs fields without a
default), forbids unknown properties, pins `_schemaURL`/`schemaURL` to the class's own schema URL and
`eventType` to the EventType enum. Events are checked with jsonschema (Draft 2020-12), then
structured into the generated classes (which runs their validators: eventTime is ISO 8601 with a
time, runId is a UUID) and serialized back with openlineage's Serde, which must give the input.

Usage: python validate_events.py events.ndjson    exit 0 valid, 1 invalid (reasons on stderr)
"""
import enum
import json
import sys
import types
import typing

import attr
import jsonschema
from openlineage.client.generated import base, column_lineage_dataset, job_type_job, ownership_job, schema_dataset
from openlineage.client.serde import Serde

DATASET_FACETS = {"columnLineage": column_lineage_dataset.ColumnLineageDatasetFacet, "schema": schema_dataset.SchemaDatasetFacet}
JOB_FACETS = {"jobType": job_type_job.JobTypeJobFacet, "ownership": ownership_job.OwnershipJobFacet}
DEFS = {}


def json_name(field):
    return field.name if not field.name.startswith("_") or field.name in ("_producer", "_schemaURL") else field.name.lstrip("_")


def type_schema(tp, facets=None):
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        return type_schema(inner[0], facets) if len(inner) == 1 else {"anyOf": [type_schema(a, facets) for a in inner]}
    if origin is list:
        return {"type": "array", "items": type_schema(args[0], facets)}
    if origin is dict:
        if facets is not None:
            return {"type": "object", "properties": {k: ref(v) for k, v in facets.items()}, "additionalProperties": False}
        return {"type": "object", "additionalProperties": type_schema(args[1])}
    if tp is str:
        return {"type": "string"}
    if tp is int:
        return {"type": "integer"}
    if tp is bool:
        return {"type": "boolean"}
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return {"enum": [m.value for m in tp]}
    if attr.has(tp):
        return ref(tp)
    raise TypeError(f"no schema for {tp}")


def field_types(cls):
    """Each attrs field's type, evaluated in the module of the class that declares it."""
    result = {}
    for field in attr.fields(cls):
        tp = field.type
        if isinstance(tp, str):
            for klass in cls.__mro__:
                if field.name in klass.__dict__.get("__annotations__", {}):
                    namespace = dict(vars(sys.modules[klass.__module__]))
                    namespace.update({"ClassVar": typing.ClassVar, "Any": typing.Any})
                    tp = eval(tp, namespace)  # the generated model's own annotations
                    break
        result[field.name] = tp
    return result


def ref(cls):
    name = f"{cls.__module__}.{cls.__qualname__}"
    if name not in DEFS:
        DEFS[name] = {}
        hints = field_types(cls)
        properties, required = {}, []
        for field in attr.fields(cls):
            key = json_name(field)
            facets = None
            if key == "facets":
                facets = JOB_FACETS if issubclass(cls, base.Job) else DATASET_FACETS
            schema = type_schema(hints[field.name], facets)
            if key in ("_schemaURL", "schemaURL"):
                schema = {"const": cls._get_schema()}
            if key == "eventTime":
                schema = {"type": "string", "format": "date-time"}
            properties[key] = schema
            if field.default is attr.NOTHING or key in ("_producer", "_schemaURL", "producer", "schemaURL"):
                required.append(key)
        DEFS[name] = {"type": "object", "properties": properties, "required": required, "additionalProperties": False}
    return {"$ref": f"#/$defs/{name}"}


def structure(cls, data, facets=None):
    """Builds the generated attrs object from JSON, recursively (running the classes' validators)."""
    hints = field_types(cls)
    kwargs = {}
    for field in attr.fields(cls):
        key = json_name(field)
        if key not in data or not field.init:
            continue
        kwargs[field.name.lstrip("_") if field.name == "_producer" else field.name] = convert(hints[field.name], data[key], key, cls)
    return cls(**kwargs)


def convert(tp, value, key, owner):
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        return None if value is None else convert(inner[0], value, key, owner)
    if origin is list:
        return [convert(args[0], v, key, owner) for v in value]
    if origin is dict:
        if key == "facets":
            table = JOB_FACETS if issubclass(owner, base.Job) else DATASET_FACETS
            return {k: structure(table[k], v) for k, v in value.items()}
        return {k: convert(args[1], v, k, owner) for k, v in value.items()}
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return tp(value)
    if attr.has(tp):
        return structure(tp, value)
    return value


def pruned(value):
    """The value without empty objects and arrays (Serde writes the model's empty defaults)."""
    if isinstance(value, dict):
        items = {k: pruned(v) for k, v in value.items()}
        return {k: v for k, v in items.items() if v not in ({}, [])}
    if isinstance(value, list):
        return [pruned(v) for v in value]
    return value


def main(path):
    root = ref(base.RunEvent)
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **root, "$defs": DEFS}
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    problems = 0
    count = 0
    for number, line in enumerate(open(path, encoding="utf-8"), 1):
        if not line.strip():
            continue
        count += 1
        event = json.loads(line)
        errors = sorted(validator.iter_errors(event), key=lambda e: list(e.path))
        for error in errors[:5]:
            print(f"line {number}: {'/'.join(map(str, error.path))}: {error.message}", file=sys.stderr)
        problems += len(errors)
        if errors:
            continue
        try:
            built = structure(base.RunEvent, event)
            back = json.loads(Serde.to_json(built))
            if pruned(back) != pruned(event):
                print(f"line {number}: does not round-trip through openlineage-python:\n{back}\n{event}", file=sys.stderr)
                problems += 1
        except Exception as error:  # a validator of the generated model refused a value
            print(f"line {number}: {type(error).__name__}: {error}", file=sys.stderr)
            problems += 1
    if count == 0:
        print("no events", file=sys.stderr)
        return 1
    print(f"{count} events, {problems} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
