"""The CLI's manners, in real runs of ``python -m diplograph``: names resolved or refused with suggestions, a
database that does not exist refused (and not created), the URL `serve` serves, `extract`'s progress line."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import socket
import struct
import subprocess
import sys
import termios
import time

import pytest

from conftest import ROOT

CMD = [sys.executable, "-m", "diplograph"]


def run(*args: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([*CMD, *args], capture_output=True, text=True, timeout=60, **kw)


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    """The bundled examples, ingested without the parser: events of KEN, AU, MAR, ESP, USA, IND."""
    path = str(tmp_path_factory.mktemp("manners") / "store.sqlite")
    assert run("ingest", "-q", "--no-parser", "--db", path, str(ROOT / "examples")).returncode == 0
    return path


@pytest.mark.parametrize(
    "option,value,message",
    [
        ("--actor", "lavorv", "no actor 'lavorv' in the knowledge base; did you mean sergey-lavrov (Sergey Lavrov)?"),
        ("--with", "Rusia", "no state or organisation 'Rusia' in the knowledge base; did you mean RUS (Russia)"),
        ("--topic", "ukrain", "no topic 'ukrain'; did you mean ukraine?"),
        ("--actor", "zzqxw", "no actor 'zzqxw' in the knowledge base; see `diplograph kb lookup`"),
        ("--topic", "zzqxw", "no topic 'zzqxw'; the topics are afghanistan, arms-control,"),
        ("--actor", "Kim", "--actor 'Kim' names several: kim-"),
    ],
    ids=["actor typo", "country typo", "topic prefix", "actor unknown", "topic unknown", "ambiguous name"],
)
def test_manners_unknown_values_fail_with_suggestions(db, option, value, message):
    proc = run("query", "--db", db, option, value)
    assert (proc.returncode, proc.stdout) == (1, "")
    assert proc.stderr.startswith(f"diplograph: {message}") and proc.stderr.count("\n") == 1


@pytest.mark.parametrize(
    "option,value,note,shown",
    [
        ("--with", "Kenya", "diplograph: --with Kenya: KEN (Kenya)\n", "William Ruto (KEN)"),
        ("--with", "kenyan", "diplograph: --with kenyan: KEN (Kenya)\n", "William Ruto (KEN)"),
        ("--with", "ken", "diplograph: --with ken: KEN (Kenya)\n", "William Ruto (KEN)"),
        ("--actor", "Ruto", "diplograph: --actor Ruto: william-ruto (William Ruto)\n", "William Ruto (KEN)"),
        ("--actor", "william-ruto", "", "William Ruto (KEN)"),
        ("--topic", "Sahel", "", "Nasser Bourita (MAR)"),
        ("--actor", "lavrov", "diplograph: --actor lavrov: sergey-lavrov (Sergey Lavrov)\n", None),
    ],
)
def test_manners_names_resolve_to_ids(db, option, value, note, shown):
    proc = run("query", "--db", db, option, value)
    assert proc.returncode == 0 and proc.stderr == note
    assert (shown in proc.stdout) if shown else proc.stdout.count("\n") == 1  # the header alone


@pytest.mark.parametrize(
    "command",
    [
        ["query"],
        ["export", "--format", "jsonl", "-o", "out.jsonl"],
        ["serve", "--port", "0"],
    ],
    ids=["query", "export", "serve"],
)
@pytest.mark.parametrize("url", ["typo.sqlite", "sqlite:///typo.sqlite", None], ids=["path", "url", "default"])
def test_manners_missing_database_is_a_usage_error_and_not_created(tmp_path, command, url):
    env = {k: v for k, v in os.environ.items() if k != "DIPLOGRAPH_DB"}
    args = [*command, "--db", url] if url else command
    proc = run(*args, cwd=tmp_path, env=env)
    shown = url or "diplograph.sqlite"
    assert (proc.returncode, proc.stdout) == (2, "")
    assert (
        proc.stderr.startswith(f"diplograph: no database {shown}: the file does not exist")
        and proc.stderr.count("\n") == 1
    )
    assert list(tmp_path.iterdir()) == []


def test_manners_a_server_url_is_not_a_file(tmp_path):
    proc = run("query", "--db", "postgresql://nobody@127.0.0.1:1/nothing", cwd=tmp_path)
    assert proc.returncode == 1 and "cannot connect" in proc.stderr and list(tmp_path.iterdir()) == []


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize(
    "extra,file,what",
    [([], "store", "read-only"), (["--ingest-token", "t"], "new.sqlite", "ingest enabled")],
    ids=["read-only", "a server that ingests may start its database"],
)
def test_manners_serve_prints_its_url(db, tmp_path, extra, file, what):
    path = db if file == "store" else str(tmp_path / file)
    port = free_port()
    proc = subprocess.Popen([*CMD, "serve", "--db", path, "--port", str(port), *extra], stderr=subprocess.PIPE)
    lines = []
    try:
        for line in iter(proc.stderr.readline, b""):
            lines.append(line.decode().rstrip("\n"))
            if "serving" in line.decode():
                break
    finally:
        proc.terminate()
        proc.wait(10)
    expected = f"diplograph: serving http://127.0.0.1:{port}/ (database {path}, {what}); Ctrl-C stops"
    assert expected in lines


def on_a_terminal(*args: str) -> tuple[int, str]:
    """Exit status and what a terminal of 120 columns shows on stderr while ``diplograph args`` runs."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    proc = subprocess.Popen([*CMD, *args], stdout=subprocess.DEVNULL, stderr=slave)
    os.close(slave)
    shown, deadline = b"", time.monotonic() + 60
    while time.monotonic() < deadline:
        if select.select([master], [], [], 1)[0]:
            try:
                chunk = os.read(master, 4096)
            except OSError:  # the child closed its end
                break
            if not chunk:
                break
            shown += chunk
        elif proc.poll() is not None:
            break
    os.close(master)
    return proc.wait(10), shown.decode(errors="replace")


@pytest.mark.parametrize("quiet", [False, True], ids=["progress", "quiet"])
def test_manners_extract_shows_progress_on_a_terminal_only(tmp_path, quiet):
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    args = ["extract", "--no-parser", *(["-q"] if quiet else []), str(ROOT / "examples"), str(tmp_path / "empty.txt")]
    status, shown = on_a_terminal(*args)
    assert status == 2 and "diplograph: " in shown and "empty file" in shown
    if quiet:
        assert "extract:" not in shown
    else:
        assert "loading the model" in shown and "extract: 5doc" in shown and "1 failed" in shown
        piped = run(*args)  # stderr not a terminal: the problem alone
        assert piped.stderr.endswith("empty file\n") and piped.stderr.count("\n") == 1
