"""The forked templates generate working code for documents other than ours, as a consumer's may be.

`promotion-jobs generate --spec` takes any document, so what the forks change must hold where our
document never goes: an endpoint that answers a bare enum, UUID or date-time, a map of enum values,
fields named like the helpers the models decode with, and a consumer's subclass of a model.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import yaml

from contract_tests.support import ROOT

PACKAGE = "elasticpath_promotion_jobs_client"


def _answer(schema: dict[str, Any]) -> dict[str, Any]:
    return {"200": {"description": "ok", "content": {"application/json": {"schema": schema}}}}


def _reference(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


EDGES: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "edges", "version": "1.0.0"},
    "paths": {
        f"/{name}": {"get": {"operationId": f"get_{name}", "responses": _answer(schema)}}
        for name, schema in {
            "color": _reference("Color"),
            "id": {"type": "string", "format": "uuid"},
            "when": {"type": "string", "format": "date-time"},
            "thing": _reference("Thing"),
            "bag": _reference("Bag"),
        }.items()
    },
    "components": {
        "schemas": {
            "Color": {"type": "string", "enum": ["red", "green"]},
            "Thing": {
                "type": "object",
                "required": ["id"],
                "properties": {
                    "id": {"type": "string", "format": "uuid"},
                    "at": {"type": "string", "format": "date-time"},
                    "color": _reference("Color"),
                    # named like the helpers from_dict calls, and like its own instance variable
                    "new_instance": {"type": "string"},
                    "parse_uuid": {"type": "string"},
                    "parse_datetime": {"type": "string"},
                    "thing": {"type": "string"},
                },
            },
            "Bag": {"type": "object", "additionalProperties": _reference("Color")},
        }
    },
}

EXERCISE = """
import datetime, uuid
import attrs, httpx
from elasticpath_promotion_jobs_client import models
from elasticpath_promotion_jobs_client.api.default import get_bag, get_color, get_id, get_thing, get_when
from elasticpath_promotion_jobs_client.client import Client

client = Client(base_url="http://127.0.0.1")
ID = "84d86114-a92d-4c34-92f1-3e36ef6cabeb"

def parsed(module, value):
    return module._parse_response(client=client, response=httpx.Response(200, json=value))

assert parsed(get_color, "red") is models.Color.RED
assert parsed(get_id, ID) == uuid.UUID(ID)
assert parsed(get_when, "2024-01-01T00:00:00Z") == datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc)
assert parsed(get_bag, {"a": "green"}).additional_properties == {"a": models.Color.GREEN}

sent = {"id": ID, "at": "2024-01-01T00:00:00+00:00", "color": "green", "new_instance": "n", "parse_uuid": "p",
        "parse_datetime": "d", "thing": "t", "extra": 1}
thing = parsed(get_thing, sent)
assert (thing.id, thing.color, thing.new_instance, thing.parse_uuid, thing.parse_datetime, thing.thing) == (
    uuid.UUID(ID), models.Color.GREEN, "n", "p", "d", "t")
assert thing.additional_properties == {"extra": 1} and thing.to_dict() == sent

@attrs.define
class Seen(models.Thing):
    seen: int = 0

    def __attrs_post_init__(self) -> None:
        self.seen += 1

subclassed = Seen.from_dict(sent)
assert type(subclassed) is Seen and subclassed.seen == 1 and subclassed.additional_properties == {"extra": 1}
assert subclassed.to_dict() == sent
print("exercised")
"""


def test_the_forked_templates_generate_a_client_that_decodes_every_edge(tmp_path: Path) -> None:
    spec = tmp_path / "edges.yaml"
    spec.write_text(yaml.safe_dump(EDGES), encoding="utf-8")
    output = tmp_path / "client"
    generation = subprocess.run(
        [sys.executable, "-m", "promotion_jobs.cli", "generate", "--spec", str(spec), "--output", str(output)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert generation.returncode == 0, generation.stderr
    assert (output / PACKAGE / "api" / "default" / "get_color.py").is_file()
    run = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(EXERCISE)],
        cwd=tmp_path,
        env={"PYTHONPATH": str(output), "PATH": ""},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "exercised"
