#!/usr/bin/env python3
"""Run schemathesis against the sandbox's Syncro server with Syncro's own OpenAPI spec.

Only the operations the sandbox serves are kept: GET /customers, GET /customers/{id}, GET /customer_assets,
GET /customer_assets/{id} and PUT /customer_assets/{id}. The published spec has malformed response schemas
("properties" entries that are not schemas, e.g. "type": "object" inside "properties"); those entries are
dropped so the schema loads, and each repair is printed.

Usage: syncro_schemathesis.py SPEC BASE_URL API_KEY [--max-examples N]
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


def repair(node, path, repairs):
    """Drops non-schema entries from every "properties" object, recursively."""
    if isinstance(node, dict):
        props = node.get("properties")
        if isinstance(props, dict):
            for key in [k for k, v in props.items() if not isinstance(v, dict)]:
                repairs.append(f"{path}/properties/{key}: {props[key]!r} is not a schema; dropped")
                del props[key]
        for key, value in node.items():
            if key not in ("example", "examples"):
                repair(value, f"{path}/{key}", repairs)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            repair(value, f"{path}/{index}", repairs)


def main():
    spec_path, base_url, key = sys.argv[1:4]
    max_examples = "30"
    if "--max-examples" in sys.argv:
        max_examples = sys.argv[sys.argv.index("--max-examples") + 1]
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
    repair(spec["paths"], "#/paths", repairs)
    repair(spec.get("components", {}), "#/components", repairs)
    for line in repairs:
        print("spec repair:", line)
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(spec, handle)
        reduced = handle.name
    command = [
        "schemathesis", "run", reduced, "--url", base_url,
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
