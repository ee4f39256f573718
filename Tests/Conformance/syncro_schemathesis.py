#!/usr/bin/env python3
"""Run schemathesis against the sandbox's Syncro server with Syncro's own OpenAPI spec.

Only the operations the sandbox serves are kept: GET /customers, GET /customers/{id}, GET /customer_assets,
GET /customer_assets/{id} and PUT /customer_assets/{id}. The published spec has malformed response schemas
("properties" entries that are not schemas, e.g. "type": "object" inside "properties"); those entries are
dropped so the schema loads, and each repair is printed.

Usage: syncro_schemathesis.py SPEC BASE_URL API_KEY [--max-examples N] [--customer-id ID] [--asset-id ID]

With --customer-id and --asset-id, the {id} operations use records that exist, so the tests reach past 404s.
"""
import json
import subprocess
import sys
import tempfile

KEEP = {
    "/customers": ["get"],
    "/customers/{id}": ["get"],
    "/customer_assets": ["get"],
    "/customer_assets/{id}": ["get", "put"],
}


def repair_schema(schema, path, repairs):
    """Drops entries of a schema's "properties" that are not schemas, recursively through the schema."""
    if not isinstance(schema, dict):
        return
    props = schema.get("properties")
    if isinstance(props, dict):
        for field in list(props):
            if not isinstance(props[field], dict):
                repairs.append(f"{path}/properties/{field}: {props[field]!r} is not a schema; dropped")
                del props[field]
            else:
                repair_schema(props[field], f"{path}/properties/{field}", repairs)
    for key in ("items", "additionalProperties", "not"):
        repair_schema(schema.get(key), f"{path}/{key}", repairs)
    for key in ("allOf", "anyOf", "oneOf"):
        for index, item in enumerate(schema.get(key) or []):
            repair_schema(item, f"{path}/{key}/{index}", repairs)


def repair(node, path, repairs):
    """Finds every "schema" in a part of the spec and repairs it."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "schema":
                repair_schema(value, f"{path}/schema", repairs)
            elif key not in ("example", "examples"):
                repair(value, f"{path}/{key}", repairs)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            repair(value, f"{path}/{index}", repairs)


def asset_schema():
    """The asset response as the spec's own example shows it (its schema object is malformed)."""
    nullable_int = {"type": "integer", "nullable": True}
    nullable_str = {"type": "string", "nullable": True}
    asset = {
        "type": "object",
        "required": ["id", "name", "customer_id", "properties"],
        "properties": {
            "id": {"type": "integer"}, "name": {"type": "string"}, "customer_id": nullable_int,
            "contact_id": nullable_int, "created_at": {"type": "string"}, "updated_at": {"type": "string"},
            "properties": {"type": "object"}, "asset_type": nullable_str, "asset_serial": nullable_str,
            "external_rmm_link": nullable_str, "customer": {"type": "object", "nullable": True},
            "rmm_links": {"type": "array"}, "rmm_store": {"type": "object", "nullable": True},
        },
    }
    return {"type": "object", "required": ["asset"], "properties": {"asset": asset}}


def main():
    spec_path, base_url, key = sys.argv[1:4]
    def option(name, default=None):
        return sys.argv[sys.argv.index(name) + 1] if name in sys.argv else default
    max_examples = option("--max-examples", "30")
    customer_id, asset_id = option("--customer-id"), option("--asset-id")
    spec = json.load(open(spec_path))
    spec["paths"] = {p: {m: op for m, op in spec["paths"][p].items() if m in methods} for p, methods in KEEP.items()}
    repairs = []
    # Statuses the real API answers that the spec leaves out of these operations.
    for path, methods in KEEP.items():
        for method in methods:
            responses = spec["paths"][path][method].setdefault("responses", {})
            if "401" not in responses:
                responses["401"] = {"description": "Not authorized (missing or wrong API key)"}
                repairs.append(f"#/paths/{path}/{method}/responses: added 401, which Syncro answers to a bad key")
            if "{id}" in path and "404" not in responses:
                responses["404"] = {"description": "Invalid request"}
                repairs.append(f"#/paths/{path}/{method}/responses: added 404, which Syncro answers for an unknown id")
    for method in ("get", "put"):
        content = spec["paths"]["/customer_assets/{id}"][method]["responses"]["200"]["content"]
        for media in content.values():
            media["schema"] = asset_schema()
        repairs.append(f"#/paths/customer_assets/{{id}}/{method}/responses/200: malformed schema replaced by the shape of the spec's example")
    body = spec["paths"]["/customer_assets/{id}"]["put"]["requestBody"]["content"]["application/json"]["schema"]
    # Rails' presence check: a name of nothing but Unicode White_Space (tabs and line breaks too) is blank.
    white_space = "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
    body["properties"]["name"]["pattern"] = "[^" + white_space + "]"
    repairs.append("#/paths/customer_assets/{id}/put/requestBody: name must hold a character that is not white space; "
                   "Syncro (Rails) answers 422 to a blank name")
    put = spec["paths"]["/customer_assets/{id}"]["put"]["responses"]
    put.setdefault("400", {"description": "The body is not JSON"})
    repairs.append("#/paths/customer_assets/{id}/put/responses: added 400, which Rails answers to a body that is not JSON")
    repair(spec["paths"], "#/paths", repairs)
    repair(spec.get("components", {}), "#/components", repairs)
    for line in repairs:
        print("spec repair:", line)
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(spec, handle)
        reduced = handle.name
    config = []
    if customer_id:
        config += ['[[operations]]', 'include-path = "/customers/{id}"', f'parameters = {{ id = {int(customer_id)} }}']
    if asset_id:
        config += ['[[operations]]', 'include-path = "/customer_assets/{id}"', f'parameters = {{ id = {int(asset_id)} }}']
    with tempfile.NamedTemporaryFile("w", suffix=".toml", delete=False) as handle:
        handle.write("\n".join(config) + "\n")
        config_path = handle.name
    command = [
        "schemathesis", "--config-file", config_path, "run", reduced, "--url", base_url,
        "-H", f"Authorization: Bearer {key}",
        "--checks", "all",
        # Syncro is a Rails app: malformed query values (page=abc) are read leniently, not rejected, and an
        # unknown method on a known path is a routing 404, not a 405. The sandbox does the same.
        "--exclude-checks", "negative_data_rejection,unsupported_method",
        "--max-examples", max_examples, "--workers", "1", "--request-timeout", "10",
        "--phases", "examples,coverage,fuzzing",
    ]
    print("running:", " ".join(c if "Bearer" not in c else "Authorization: Bearer [hidden]" for c in command), flush=True)
    return subprocess.call(command)


if __name__ == "__main__":
    sys.exit(main())
