"""`diplograph serve` before it serves: the URL line, the warning for an address other machines can reach, the
ingest token from a file, the environment or the command line (with its warning). uvicorn is replaced by a
stub that records the app; the real server is tested in test_hardening.py."""

import pytest
import uvicorn

from diplograph.cli import main

PS_WARNING = (
    "diplograph: warning: --ingest-token shows the token to every user of this machine in the process list; "
    "use --ingest-token-file FILE or $DIPLOGRAPH_INGEST_TOKEN instead"
)


def serving(url: str, what: str) -> str:
    return f"diplograph: serving {url}/ (database {{db}}, {what}); Ctrl-C stops"


def reachable(host: str, what: str) -> str:
    return f"diplograph: warning: listening on {host}: the server is reachable from other machines ({what})"


@pytest.fixture
def served(monkeypatch):
    """What uvicorn.run was given: the app, host and port."""
    monkeypatch.delenv("DIPLOGRAPH_INGEST_TOKEN", raising=False)
    calls = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append({"app": app, **kw}))
    return calls


@pytest.mark.parametrize(
    "args,env,token,stderr",
    [
        ([], None, None, [serving("http://127.0.0.1:8000", "read-only")]),
        (
            ["--host", "localhost", "--port", "9000"],
            None,
            None,
            [serving("http://localhost:9000", "read-only")],
        ),
        (["--host", "::1"], None, None, [serving("http://[::1]:8000", "read-only")]),
        (
            ["--host", "0.0.0.0"],
            None,
            None,
            [reachable("0.0.0.0", "read-only, no ingest token"), serving("http://0.0.0.0:8000", "read-only")],
        ),
        (
            ["--host", "::", "--ingest-token-file", "{token_file}"],
            None,
            "from-a-file",
            [
                reachable("::", "anyone with the ingest token can add documents"),
                serving("http://[::]:8000", "ingest enabled"),
            ],
        ),
        (
            ["--ingest-token-file", "{token_file}"],
            "env",
            "from-a-file",
            [serving("http://127.0.0.1:8000", "ingest enabled")],
        ),
        ([], "from-the-env", "from-the-env", [serving("http://127.0.0.1:8000", "ingest enabled")]),
        (
            ["--ingest-token", "visible"],
            None,
            "visible",
            [PS_WARNING, serving("http://127.0.0.1:8000", "ingest enabled")],
        ),
    ],
    ids=["default", "localhost", "ipv6 loopback", "every interface", "ipv6 any", "file", "environment", "argument"],
)
def test_serve_says_where_it_listens_and_takes_the_token(
    served, monkeypatch, tmp_path, capsys, args, env, token, stderr
):
    token_file = tmp_path / "token"
    token_file.write_text("  from-a-file  \nignored\n", encoding="utf-8")
    if env:
        monkeypatch.setenv("DIPLOGRAPH_INGEST_TOKEN", env)
    args = [a.replace("{token_file}", str(token_file)) for a in args]
    db = tmp_path / "s.sqlite"
    db.touch()  # read-only, serve refuses a database that does not exist
    assert main(["serve", "--db", str(db), *args]) == 0
    captured = capsys.readouterr()
    assert (captured.out, captured.err.splitlines()) == ("", [line.format(db=db) for line in stderr])
    assert [c["app"].state.services.ingest_token for c in served] == [token]


@pytest.mark.parametrize(
    "content,problem",
    [
        (None, "cannot read the ingest token"),
        ("", "no ingest token on its first line"),
        ("\n\ntoken\n", "no ingest token"),
    ],
    ids=["missing", "empty", "blank first line"],
)
def test_serve_refuses_a_token_file_without_a_token(served, tmp_path, capsys, content, problem):
    path = tmp_path / "token"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    assert main(["serve", "--db", str(tmp_path / "s.sqlite"), "--ingest-token-file", str(path)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and err[0].startswith(f"diplograph: {path}: {problem}") and served == []


@pytest.mark.parametrize(
    "args,problem",
    [
        (["--ingest-token", "x", "--ingest-token-file", "t"], "not allowed with argument"),
        (["--port", "65536"], "not a port"),
        (["--port", "-1"], "not a port"),
    ],
    ids=["two tokens", "port too large", "negative port"],
)
def test_serve_usage_errors_exit_2(served, capsys, args, problem):
    with pytest.raises(SystemExit) as exit_:
        main(["serve", *args])
    assert exit_.value.code == 2 and problem in capsys.readouterr().err and served == []


def test_serve_help_recommends_the_file_or_the_environment(capsys):
    with pytest.raises(SystemExit):
        main(["serve", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "--ingest-token-file FILE" in out and "process list" in out and "$DIPLOGRAPH_INGEST_TOKEN" in out
