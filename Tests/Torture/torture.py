#!/usr/bin/env python3
"""Torture run for Rematch: the real binary against the real sandbox under every fault kind.

    python3 Tests/Torture/torture.py --rematch .build/release/rematch [--phases reads,writes,kills,limits] [--out DIR]

Phases (each prints one line per run and a verdict; the exit status is 1 when any check fails):

reads   A clean sync plus accepted suggestions is the baseline. Each fault kind (error statuses, 429s, dropped
        connections, cut-off and slow answers, invalid UTF-8, deep and huge bodies, a page count of 10^9,
        redirects to another host) at several rates on each service runs one sync from a copy of the baseline's
        state. Every run must end (no hang), stay under the memory bound, finish or fail with one `rematch:` line,
        and leave the export identical to the baseline (every decision kept). A listener on another address
        takes every redirect: no key may reach it.
writes  Organizations and configurations created under write faults, including requests IT Glue carries out
        after Rematch gave up on them (late completion), each command rerun until it finishes.
kills   The same writes with the process SIGKILLed at random moments, then run to the end.
limits  A full sync at the documented rate limits: no 429 may be drawn.

After writes and kills the sandbox's data file is read: each asset and each organization name created at most
once, every planned record created, and each device linked to the configuration that carries its own marker.
Keys are looked for in every output, export, state file and the redirect listener.
"""
import argparse
import http.server
import json
import os
import random
import re
import shutil
import signal
import socketserver
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

MEMORY_BOUND_KB = 1_000_000  # a small account's sync must stay well under 1 GB whatever the answers
RUN_TIMEOUT = 600


class Failures:
    def __init__(self):
        self.lines = []

    def add(self, line):
        self.lines.append(line)
        print("  FAIL: " + line, flush=True)


FAILURES = Failures()


class Sandbox:
    """`rematch sandbox` in a child process; its request log is kept in a file."""

    def __init__(self, rematch, workdir, name, faults=None, data_file=None, rate_limits="off", seed=7, scale="small",
                 fault_seed=1, behaviour="realistic"):
        self.log_path = os.path.join(workdir, name + ".sandbox.log")
        arguments = [rematch, "sandbox", "--seed", str(seed), "--scale", scale, "--rate-limits", rate_limits,
                     "--fault-seed", str(fault_seed), "--behaviour", behaviour]
        if faults:
            arguments += ["--faults", faults]
        if data_file:
            arguments += ["--data-file", data_file]
        self.log = open(self.log_path, "a")
        self.process = subprocess.Popen(arguments, stdout=subprocess.PIPE, stderr=self.log, text=True)
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError("the sandbox did not start: " + open(self.log_path).read()[-2000:])
        self.announcement = json.loads(line)

    def environment(self, state, config_home, settle=None):
        environment = dict(os.environ)
        environment.update({
            "REMATCH_SYNCRO_URL": self.announcement["syncro_url"],
            "REMATCH_ITGLUE_URL": self.announcement["itglue_url"],
            "REMATCH_SYNCRO_API_KEY": self.announcement["syncro_api_key"],
            "REMATCH_ITGLUE_API_KEY": self.announcement["itglue_api_key"],
            "REMATCH_STATE": state, "XDG_CONFIG_HOME": config_home, "NO_COLOR": "1",
        })
        if settle is not None:
            environment["REMATCH_WRITE_SETTLE_SECONDS"] = str(settle)
        return environment

    @property
    def keys(self):
        return [self.announcement["syncro_api_key"], self.announcement["itglue_api_key"]]

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()

    def count_status(self, status):
        pattern = re.compile(r" %d \d+ms$" % status)
        return sum(1 for line in open(self.log_path, errors="replace") if pattern.search(line.rstrip("\n")))


class Run:
    """One `rematch` process: exit status, output, peak memory (KB), seconds, whether it was killed."""

    def __init__(self, rematch, arguments, environment, kill_after=None, timeout=RUN_TIMEOUT):
        started = time.monotonic()
        process = subprocess.Popen([rematch] + arguments, env=environment, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
        output = {"stdout": b"", "stderr": b""}

        def drain(stream, name):
            output[name] = stream.read()

        readers = [threading.Thread(target=drain, args=(process.stdout, "stdout")),
                   threading.Thread(target=drain, args=(process.stderr, "stderr"))]
        for reader in readers:
            reader.start()
        self.hung = False
        self.killed = False
        limit = kill_after if kill_after is not None else timeout
        deadline = started + limit
        status = None
        while status is None:
            pid, raw, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                status = os.waitstatus_to_exitcode(raw)
                self.max_rss_kb = usage.ru_maxrss
                break
            if time.monotonic() > deadline:
                process.kill()
                self.killed = kill_after is not None
                self.hung = kill_after is None
                _, raw, usage = os.wait4(process.pid, 0)
                status = os.waitstatus_to_exitcode(raw)
                self.max_rss_kb = usage.ru_maxrss
                break
            time.sleep(0.02)
        process.returncode = status
        for reader in readers:
            reader.join()
        self.status = status
        self.stdout = output["stdout"].decode("utf-8", "replace")
        self.stderr = output["stderr"].decode("utf-8", "replace")
        self.seconds = time.monotonic() - started


class RedirectListener:
    """An HTTP server on another loopback address; every request it gets is kept (a key in it is a leak)."""

    def __init__(self):
        seen = self.seen = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_any(self):
                seen.append(self.requestline + "\n" + str(self.headers))
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(b'{"data":[],"customers":[],"assets":[],"meta":{"total_pages":1}}')

            do_GET = do_POST = do_PATCH = do_PUT = do_any

            def log_message(self, *args):
                pass

        self.server = socketserver.ThreadingTCPServer(("127.0.0.2", 0), Handler)
        self.server.daemon_threads = True
        self.url = "http://127.0.0.2:%d" % self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()


def check_keys(keys, where, text):
    for key in keys:
        if key and key in text:
            FAILURES.add("a key appears in %s" % where)


def check_file_for_keys(keys, path):
    if not os.path.exists(path):
        return
    data = open(path, "rb").read()
    for key in keys:
        if key and key.encode() in data:
            FAILURES.add("a key appears in %s" % path)


def export(rematch, environment):
    run = Run(rematch, ["export"], environment, timeout=120)
    if run.status != 0:
        raise RuntimeError("export failed: " + run.stderr)
    document = json.loads(run.stdout)
    document.pop("generated_at", None)
    return document


def seconds_until_named_time(text, fallback):
    """How long until the `run again after HH:MM:SS` an exit 75 names (local time), plus a little."""
    match = re.search(r"run again after (\d\d):(\d\d):(\d\d)", text)
    if not match:
        return fallback
    now = time.localtime()
    hours, minutes, seconds = (int(part) for part in match.groups())
    wait = (hours - now.tm_hour) * 3600 + (minutes - now.tm_min) * 60 + (seconds - now.tm_sec)
    if wait < -43200:
        wait += 86400
    return min(max(wait + 0.3, 0.2), 120)


def last_line(text):
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1][:160] if lines else ""


# MARK: reads

READ_FAULTS = ["429", "429+retry=1", "500", "502", "503", "504", "close", "truncate", "badutf8", "deep", "huge"]


def reads_phase(rematch, workdir, rates, seed):
    print("== reads: one sync per fault kind, rate and service, from the baseline's state", flush=True)
    base_state = os.path.join(workdir, "reads-base.sqlite")
    config_home = os.path.join(workdir, "config")
    sandbox = Sandbox(rematch, workdir, "reads-base", seed=seed)
    environment = sandbox.environment(base_state, config_home)
    keys = sandbox.keys
    for arguments in (["sync"], ["accept-suggestions"]):
        run = Run(rematch, arguments, environment)
        if run.status != 0:
            raise RuntimeError("baseline %s failed: %s" % (arguments[0], run.stderr))
    baseline = export(rematch, environment)
    sandbox.stop()
    listener = RedirectListener()
    runs = []
    specs = []
    all_keys = list(keys)
    for server in ("syncro", "itglue"):
        for kind in READ_FAULTS:
            for rate in rates:
                specs.append("%s@%s,rate=%s" % (kind, server, rate))
        specs.append("slow=65000@%s,nth=2" % server)
        specs.append("pages=1000000000@%s,nth=1" % server)
        specs.append("pages=1000000000@%s,every=2" % server)
        specs.append("redirect=%s@%s,rate=0.3" % (listener.url, server))
    for index, spec in enumerate(specs):
        state = os.path.join(workdir, "reads-%d.sqlite" % index)
        shutil.copyfile(base_state, state)
        sandbox = Sandbox(rematch, workdir, "reads-%d" % index, faults=spec, seed=seed, fault_seed=index + 1)
        # The same keys as the baseline's state: the sandbox makes new ones, which only the redirect check needs.
        environment = sandbox.environment(state, config_home)
        all_keys += sandbox.keys
        run = Run(rematch, ["sync"], environment)
        sandbox.stop()
        outcome = "finished" if run.status == 0 else "failed (%d)" % run.status
        print("  %-58s %-12s %6.1f s %5d MB  %s" % (spec[:58], outcome, run.seconds, run.max_rss_kb // 1024,
                                                    "" if run.status == 0 else last_line(run.stderr)), flush=True)
        runs.append(run)
        if run.hung:
            FAILURES.add("%s: the sync hung (killed after %d s)" % (spec, RUN_TIMEOUT))
        if run.max_rss_kb > MEMORY_BOUND_KB:
            FAILURES.add("%s: the sync peaked at %d MB" % (spec, run.max_rss_kb // 1024))
        if run.status not in (0, 1):
            FAILURES.add("%s: exit status %d: %s" % (spec, run.status, last_line(run.stderr)))
        if run.status == 1 and not any(line.startswith("rematch:") for line in run.stderr.splitlines()):
            FAILURES.add("%s: failed without a rematch: line" % spec)
        check_keys(all_keys, spec + " output", run.stdout + run.stderr)
        check_file_for_keys(all_keys, state)
        after = export(rematch, environment)
        if after != baseline:
            FAILURES.add("%s: the export differs from the baseline's" % spec)
        os.remove(state)
    leaked = [request for request in listener.seen
              if re.search(r"(?i)x-api-key|authorization|api_key", request) or any(key in request for key in all_keys)]
    if leaked:
        FAILURES.add("%d requests carried a key to the redirect's host" % len(leaked))
    listener.stop()
    finished = sum(1 for run in runs if run.status == 0)
    print("  reads: %d syncs, %d finished, %d failed cleanly, peak %d MB, redirect host got %d requests (%d with a key)"
          % (len(runs), finished, len(runs) - finished, max(run.max_rss_kb for run in runs) // 1024,
             len(listener.seen), len(leaked)), flush=True)


# MARK: writes and kills

class WriteAccount:
    """A sandbox with a data file, a synced state with accepted suggestions, and the records to create."""

    def __init__(self, rematch, workdir, name, seed, faults=None, settle=70):
        self.rematch = rematch
        self.workdir = workdir
        self.name = name
        self.data_file = os.path.join(workdir, name + ".data.json")
        self.state = os.path.join(workdir, name + ".sqlite")
        self.config_home = os.path.join(workdir, "config")
        self.seed = seed
        self.settle = settle
        self.keys = []
        self.start(None)
        environment = self.environment()
        for arguments in (["sync"], ["accept-suggestions"]):
            run = Run(rematch, arguments, environment)
            if run.status != 0:
                raise RuntimeError("%s: %s failed: %s" % (name, arguments[0], run.stderr))
        self.stop()
        self.initial = json.load(open(self.data_file)) if os.path.exists(self.data_file) else None
        self.start(faults)
        document = export(rematch, self.environment())
        self.new_customers = [row["syncro_customer_id"] for row in document["organizations"]
                              if row["state"] == "unmatched" and row["suggestion"] is None and not row["syncro_disabled"]]
        matched = {}
        for row in document["organizations"]:
            if row["state"] == "matched" and row["itglue_organization_id"]:
                matched.setdefault(row["itglue_organization_id"], row["syncro_customer_id"])
        self.matched_customers = sorted(matched.values())

    def start(self, faults):
        self.sandbox = Sandbox(self.rematch, self.workdir, self.name, faults=faults, data_file=self.data_file,
                               seed=self.seed)
        self.keys = list(set(self.keys + self.sandbox.keys))

    def stop(self):
        self.sandbox.stop()

    def environment(self):
        return self.sandbox.environment(self.state, self.config_home, settle=self.settle)

    def run_to_end(self, arguments, label, kill_after=None, attempts=40):
        """Runs the command until it finishes, waiting out each `waiting:` (exit 75). Returns the runs."""
        runs = []
        for attempt in range(attempts):
            run = Run(self.rematch, arguments, self.environment(), kill_after=kill_after if attempt == 0 else None)
            runs.append(run)
            check_keys(self.keys, label + " output", run.stdout + run.stderr)
            if run.hung:
                FAILURES.add("%s: hung" % label)
                return runs
            if run.status == 0:
                return runs
            if run.status == 75:
                time.sleep(seconds_until_named_time(run.stderr, fallback=self.settle / 4))
            elif run.status not in (1, -9):
                FAILURES.add("%s: exit %d: %s" % (label, run.status, last_line(run.stderr)))
                return runs
            else:
                time.sleep(0.5)
        FAILURES.add("%s: did not finish in %d runs: %s" % (label, attempts, last_line(runs[-1].stderr)))
        return runs

    def verify(self, label):
        """Counts what IT Glue holds (the data file) against what the state says."""
        self.stop()
        check_file_for_keys(self.keys, self.state)
        data = json.load(open(self.data_file))
        self.start(None)
        document = export(self.rematch, self.environment())
        configurations = data["itglue"]["configurations"]
        organizations = data["itglue"]["organizations"]
        marker = re.compile(r"Created by Rematch from Syncro asset #(\d+)\.")
        by_asset = {}
        for record in configurations:
            notes = (record.get("attributes") or {}).get("notes") or ""
            for asset in set(marker.findall(notes)):
                by_asset.setdefault(int(asset), []).append(str(record["id"]))
        duplicates = {asset: ids for asset, ids in by_asset.items() if len(ids) > 1}
        initial_names = {}
        for record in (self.initial or {"itglue": {"organizations": []}})["itglue"]["organizations"]:
            name = (record.get("attributes") or {}).get("name", "").casefold()
            initial_names[name] = initial_names.get(name, 0) + 1
        names = {}
        for record in organizations:
            name = (record.get("attributes") or {}).get("name", "").casefold()
            names[name] = names.get(name, 0) + 1
        duplicate_names = [name for name, count in names.items() if count > max(1, initial_names.get(name, 0))]
        owner = {configuration: asset for asset, ids in by_asset.items() for configuration in ids}
        wrong = 0
        missing = 0
        created = 0
        for row in document["devices"]:
            configuration = row["itglue_configuration_id"]
            if configuration in owner and owner[configuration] != row["syncro_asset_id"]:
                wrong += 1
            elif row["syncro_asset_id"] in by_asset:
                created += 1
                if row["state"] != "matched" or configuration not in by_asset[row["syncro_asset_id"]]:
                    missing += 1
            elif row["state"] == "matched" and not configuration:
                missing += 1  # still waiting to be created after the last run finished
        organization_rows = {row["syncro_customer_id"]: row for row in document["organizations"]}
        missing_organizations = [customer for customer in self.new_customers
                                 if organization_rows.get(customer, {}).get("state") != "matched"
                                 or not organization_rows[customer].get("itglue_organization_id")]
        if duplicates:
            FAILURES.add("%s: %d assets have more than one configuration" % (label, len(duplicates)))
        if duplicate_names:
            FAILURES.add("%s: %d organization names created twice: %s" % (label, len(duplicate_names), duplicate_names[:3]))
        if wrong:
            FAILURES.add("%s: %d devices linked to another asset's created configuration" % (label, wrong))
        if missing:
            FAILURES.add("%s: %d created configurations not linked to their device" % (label, missing))
        if missing_organizations:
            FAILURES.add("%s: %d organizations not created and matched" % (label, len(missing_organizations)))
        print("  %s: %d configurations and %d organizations created; %d duplicates, %d missing, %d wrong links"
              % (label, created, len(self.new_customers) - len(missing_organizations),
                 len(duplicates) + len(duplicate_names), missing + len(missing_organizations), wrong), flush=True)
        return created


# (what, faults, settle seconds): a request that gets its answer at once needs no long settling time; one that
# lands after the client's 60 s timeout must be waited out (70 s) before anything is sent again.
WRITE_FAULTS = [
    ("500 on POST", "500@itglue,method=POST,rate=0.3", 3),
    ("503 on POST", "503@itglue,method=POST,rate=0.3", 3),
    ("dropped answers to POST", "close@itglue,method=POST,rate=0.3", 3),
    ("cut-off answers to POST", "truncate@itglue,method=POST,rate=0.3", 3),
    ("504 and 429 on everything", "504@itglue,rate=0.1;429@itglue,rate=0.1", 3),
    ("late organization (done after the client gave up)", "slow=65000@itglue/organizations,method=POST,nth=1", 70),
    ("late bulk configurations", "slow=65000@itglue/organizations/,method=POST,nth=1", 70),
]


def create_all(account, label, kill_after=None):
    runs = []
    if account.new_customers:
        arguments = ["create-organizations", "--yes"]
        for customer in account.new_customers:
            arguments += ["--customer", str(customer)]
        runs += account.run_to_end(arguments, label + " organizations", kill_after=kill_after)
    for customer in account.matched_customers:
        runs += account.run_to_end(["create-configurations", "--customer", str(customer), "--yes"],
                                   label + " customer %d" % customer, kill_after=kill_after)
    runs += account.run_to_end(["sync"], label + " sync", kill_after=kill_after)
    return runs


def writes_phase(rematch, workdir, seed):
    print("== writes: organizations and configurations created under write faults, each command rerun to the end",
          flush=True)
    for index, (label, faults, settle) in enumerate(WRITE_FAULTS):
        account = WriteAccount(rematch, workdir, "writes-%d" % index, seed=seed + index, faults=faults, settle=settle)
        started = time.monotonic()
        runs = create_all(account, label)
        print("  %s: %d runs (%d failed, %d waited), %.0f s" % (label, len(runs), sum(r.status == 1 for r in runs),
                                                              sum(r.status == 75 for r in runs),
                                                              time.monotonic() - started), flush=True)
        account.verify(label)
        account.stop()


def kills_phase(rematch, workdir, seed, kills):
    print("== kills: the same writes SIGKILLed at random moments, then run to the end", flush=True)
    generator = random.Random(seed)
    total = 0
    for index in range(kills):
        faults = "close@itglue,method=POST,rate=0.2" if index % 2 else None
        account = WriteAccount(rematch, workdir, "kills-%d" % index, seed=seed + 100 + index, faults=faults, settle=3)
        kill_after = generator.uniform(0.05, 1.5)
        runs = create_all(account, "kill %d at %.2f s" % (index, kill_after), kill_after=kill_after)
        total += sum(run.killed for run in runs)
        integrity = sqlite3.connect(account.state).execute("PRAGMA integrity_check").fetchone()[0]
        if integrity != "ok":
            FAILURES.add("kill %d: the state file is damaged: %s" % (index, integrity))
        account.verify("kill %d" % index)
        account.stop()
    print("  kills: %d SIGKILLs" % total, flush=True)


def limits_phase(rematch, workdir, seed, scale):
    """A full sync at the documented limits: with the window Rematch's alone (ideal), not one 429; with a fifth of it
    used by other integrations (realistic: the client cannot know), the sync adapts and finishes."""
    for behaviour in ("ideal", "realistic"):
        print("== limits: a full sync at the documented rate limits (%s)" % behaviour, flush=True)
        name = "limits-" + behaviour
        sandbox = Sandbox(rematch, workdir, name, rate_limits="documented", seed=seed, scale=scale, behaviour=behaviour)
        run = Run(rematch, ["sync"], sandbox.environment(os.path.join(workdir, name + ".sqlite"),
                                                         os.path.join(workdir, "config")), timeout=3600)
        sandbox.stop()
        requests = sum(1 for _ in open(sandbox.log_path, errors="replace"))
        too_many = sandbox.count_status(429)
        print("  limits (%s): %d requests in %.0f s, %d x 429, exit %d"
              % (behaviour, requests, run.seconds, too_many, run.status), flush=True)
        if run.status != 0:
            FAILURES.add("limits (%s): the sync failed: %s" % (behaviour, last_line(run.stderr)))
        if behaviour == "ideal" and too_many:
            FAILURES.add("limits: %d answers were 429 with the window Rematch's alone" % too_many)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rematch", default=".build/release/rematch")
    parser.add_argument("--phases", default="reads,writes,kills,limits")
    parser.add_argument("--rates", default="0.05,0.3")
    parser.add_argument("--kills", type=int, default=12)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--limits-scale", default="large")
    parser.add_argument("--out", help="keep logs and files here (default: a temporary directory, removed)")
    options = parser.parse_args()
    rematch = os.path.abspath(options.rematch)
    workdir = options.out or tempfile.mkdtemp(prefix="rematch-torture-")
    os.makedirs(os.path.join(workdir, "config"), exist_ok=True)
    phases = options.phases.split(",")
    started = time.monotonic()
    if "reads" in phases:
        reads_phase(rematch, workdir, options.rates.split(","), options.seed)
    if "writes" in phases:
        writes_phase(rematch, workdir, options.seed)
    if "kills" in phases:
        kills_phase(rematch, workdir, options.seed, options.kills)
    if "limits" in phases:
        limits_phase(rematch, workdir, options.seed, options.limits_scale)
    print("== %d failures in %.0f s" % (len(FAILURES.lines), time.monotonic() - started))
    for line in FAILURES.lines:
        print("  " + line)
    if not options.out:
        shutil.rmtree(workdir, ignore_errors=True)
    sys.exit(1 if FAILURES.lines else 0)


if __name__ == "__main__":
    main()
