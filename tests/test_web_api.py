"""The REST API on a real home (records made by the real ingest step, a real SQLite store):
reads behind tokens by default, writes by role, the same answers as the CLI, feeds that
calendar and spreadsheet programs open, and one-line JSON errors — never a 500 — for bad
input. Also the accounts library and its CLI."""

import io
import json
from urllib.parse import quote

import pytest
from click.testing import CliRunner
from icalendar import Calendar
from openpyxl import load_workbook

from chidao import accounts
from chidao.cli import main
from chidao.errors import NotFoundError, UsageError
from chidao.index import open_index
from tests.web_support import PASSWORD, bearer, make_client, web_home, web_template  # noqa: F401


def _task_url(task_id: str, tail: str = "") -> str:
    return f"/api/tasks/{quote(task_id, safe=':')}{tail}"


def _first_task(client, token, **params) -> dict:
    found = client.get("/api/tasks", params=params, headers=bearer(token)).json()
    return found["tasks"][0]


def test_reads_need_a_token_by_default(web_home):
    client = make_client(web_home)
    for url in ("/api/tasks", "/api/search?q=chinh+quyen", f"/api/documents/{web_home.ids['004']}",
                "/api/feeds/tasks.ics", "/api/export.xlsx"):
        response = client.get(url)
        assert response.status_code == 401, url
        assert response.json()["error"] and "\n" not in response.json()["error"]
        assert client.get(url, headers=bearer(web_home.tokens["viewer"])).status_code == 200, url
    assert client.get("/api/tasks", headers=bearer("not-a-token")).status_code == 401
    assert client.get("/api/tasks", headers={"Authorization": "Basic eDp5"}).status_code == 401


def test_open_reading_lets_anyone_read_but_not_write(web_home):
    client = make_client(web_home, reading_requires_login=False)
    assert client.get("/api/tasks").status_code == 200
    task = client.get("/api/tasks").json()["tasks"][0]
    response = client.post(_task_url(task["id"], "/status"), json={"status": "hoan-thanh", "note": "x"})
    assert response.status_code == 401


def test_status_change_with_a_tracker_token_is_recorded_with_its_author(web_home):
    client = make_client(web_home)
    task = _first_task(client, web_home.tokens["viewer"], overdue="true")
    url = _task_url(task["id"], "/status")
    change = {"status": "hoàn thành", "note": "Đã ban hành quy chế", "completed_on": "2024-04-20"}

    assert client.post(url, json=change).status_code == 401
    denied = client.post(url, json=change, headers=bearer(web_home.tokens["viewer"]))
    assert denied.status_code == 403 and "tracker" in denied.json()["error"]

    done = client.post(url, json=change, headers=bearer(web_home.tokens["tracker"]))
    assert done.status_code == 200, done.text
    assert done.json()["entry"]["status"] == "hoan-thanh"
    assert done.json()["task"]["state"] == "da-hoan-thanh-qua-han"   # due 31/03, done 20/04

    detail = client.get(_task_url(task["id"]), headers=bearer(web_home.tokens["viewer"])).json()
    assert [(h["status"], h["author"], h["note"]) for h in detail["history"]] == [
        ("hoan-thanh", "token-tracker", "Đã ban hành quy chế")]
    # The CLI sees the same history.
    out = CliRunner().invoke(main, ["--home", str(web_home.home), "--today", "2024-05-01", "task", "show",
                                    task["id"], "--json"])
    assert json.loads(out.output)["history"][0]["author"] == "token-tracker"


def test_evidence_is_attached_by_number(web_home):
    client = make_client(web_home)
    xss = client.get(f"/api/documents/{web_home.ids['xss']}", headers=bearer(web_home.tokens["viewer"])).json()
    task_id = xss["tasks"][0]["id"]
    attached = client.post(_task_url(task_id, "/evidence"), json={"report": "2858-CV/TU", "note": "liên quan"},
                           headers=bearer(web_home.tokens["tracker"]))
    assert attached.status_code == 200, attached.text
    assert attached.json()["evidence"][0]["number"] == "2858-CV/TU"
    missing = client.post(_task_url(task_id, "/evidence"), json={"report": "1/BC-XX"},
                          headers=bearer(web_home.tokens["tracker"]))
    assert missing.status_code == 404


def test_revoked_token_stops_working(web_home):
    client = make_client(web_home)
    token = web_home.tokens["tracker"]
    assert client.get("/api/me", headers=bearer(token)).json() == {"name": "token-tracker", "role": "tracker",
                                                                   "via": "token"}
    with open_index(web_home.config()) as index:
        accounts.revoke_token(index.store, "token-tracker")
    assert client.get("/api/me", headers=bearer(token)).status_code == 401


@pytest.mark.parametrize("method, url, body, status", [
    ("get", "/api/tasks?as_of=2024-13-01", None, 400),
    ("get", "/api/tasks?limit=0", None, 400),
    ("get", "/api/tasks?status=done-ish", None, 400),
    ("get", "/api/tasks?state=whatever", None, 400),
    ("get", "/api/tasks?due_before=soon", None, 400),
    ("get", "/api/tasks?offset=99999999999999999999", None, 400),
    ("get", "/api/search?date_from=yesterday", None, 400),
    ("get", "/api/search?q=" + "x" * 3000, None, 400),
    ("get", "/api/search?sort=best", None, 400),
    ("get", "/api/documents/sha256:nothex", None, 404),
    ("get", "/api/documents/sha256:" + "0" * 64, None, 404),
    ("get", "/api/tasks/sha256:" + "0" * 64 + "%231", None, 404),
    ("post", "/api/tasks/sha256:" + "0" * 64 + "%231/status", {"status": "hoan-thanh"}, 404),
    ("post", "/api/tasks/{task}/status", {"status": "xong"}, 400),
    ("post", "/api/tasks/{task}/status", {"status": "hoan-thanh", "completed_on": "2030-01-01"}, 400),
    ("post", "/api/tasks/{task}/status", {"status": "khong-thuc-hien"}, 400),
    ("post", "/api/tasks/{task}/status", {"note": "no status"}, 400),
    ("post", "/api/tasks/{task}/status", "not json", 400),
    ("get", "/api/nothing-here", None, 404),
])
def test_bad_input_is_a_one_line_json_error(web_home, method, url, body, status):
    client = make_client(web_home)
    task = _first_task(client, web_home.tokens["viewer"])
    url = url.replace("{task}", quote(task["id"], safe=":"))
    kwargs = {"headers": bearer(web_home.tokens["admin"])}
    if isinstance(body, dict):
        kwargs["json"] = body
    elif body is not None:
        kwargs["content"] = body
        kwargs["headers"]["Content-Type"] = "application/json"
    response = getattr(client, method)(url, **kwargs)
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert error and "\n" not in error and "Traceback" not in error


def test_search_answers_as_the_cli_does(web_home):
    client = make_client(web_home)
    for query in ("chinh quyen than thien", "2858-CV/TU", "phòng chống thiên tai", "Sở Nội vụ"):
        api = client.get("/api/search", params={"q": query, "limit": 20}, headers=bearer(web_home.tokens["viewer"]))
        cli = CliRunner().invoke(main, ["--home", str(web_home.home), "search", *query.split(), "--json",
                                        "--limit", "20"])
        assert cli.exit_code == 0, cli.output
        expected = json.loads(cli.output)
        assert api.json()["total"] == expected["total"]
        assert [h["id"] for h in api.json()["hits"]] == [h["id"] for h in expected["hits"]]
        assert api.json()["facets"] == expected["facets"]
    first = client.get("/api/search", params={"q": "chinh quyen than thien"}, headers=bearer(web_home.tokens["viewer"]))
    assert first.json()["hits"][0]["id"] == web_home.ids["004"]


def test_tasks_filter_as_the_cli_does(web_home):
    client = make_client(web_home)
    for params, args in (({"overdue": "true"}, ["--overdue"]), ({"body": "Sở Nội vụ"}, ["--body", "Sở Nội vụ"]),
                         ({"due_soon": 60}, ["--due-soon", "60"]), ({"document": "99/KH-UBND"}, ["--document", "99/KH-UBND"])):
        api = client.get("/api/tasks", params=params, headers=bearer(web_home.tokens["viewer"])).json()
        cli = CliRunner().invoke(main, ["--home", str(web_home.home), "--today", "2024-05-01", "tasks", "--json", *args])
        expected = json.loads(cli.output)
        assert api["total"] == expected["total"], params
        assert [t["id"] for t in api["tasks"]] == [t["id"] for t in expected["tasks"]], params


def test_document_has_its_record_tasks_and_citations(web_home):
    client = make_client(web_home)
    doc = client.get(f"/api/documents/{web_home.ids['004']}", headers=bearer(web_home.tokens["viewer"])).json()
    assert doc["number"] == "2858-CV/TU" and doc["record"]["id"] == web_home.ids["004"]
    assert len(doc["tasks"]) == len(doc["record"]["tasks"])
    assert [c["id"] for c in doc["cited_by"]] == [web_home.ids["xss"]] and doc["cited_by"][0]["responds"]
    xss = client.get(f"/api/documents/{web_home.ids['xss']}", headers=bearer(web_home.tokens["viewer"])).json()
    assert xss["cites"][0]["id"] == web_home.ids["004"]


def test_calendar_feeds_parse_and_accept_a_token_in_the_url(web_home):
    client = make_client(web_home)
    token = web_home.tokens["viewer"]
    feed = client.get(f"/api/feeds/tasks.ics?token={token}")
    assert feed.status_code == 200 and feed.headers["content-type"].startswith("text/calendar")
    events = Calendar.from_ical(feed.content).walk("VEVENT")
    assert events and all(e.get("dtstart") for e in events)
    body = client.get(f"/api/feeds/bodies/{quote('Sở Nội vụ', safe='')}.ics?token={token}")
    assert body.status_code == 200
    summaries = [str(e.get("summary")) for e in Calendar.from_ical(body.content).walk("VEVENT")]
    assert summaries and all("Sở Nội vụ" in s for s in summaries)
    assert client.get("/api/feeds/tasks.ics?token=wrong").status_code == 401
    assert client.get(f"/api/tasks?token={token}").status_code == 401   # only feeds take ?token=


def test_exports_open_in_spreadsheet_programs(web_home):
    client = make_client(web_home)
    xlsx = client.get("/api/export.xlsx", headers=bearer(web_home.tokens["viewer"]))
    assert xlsx.status_code == 200 and "attachment" in xlsx.headers["content-disposition"]
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.max_row > 3
    csv = client.get("/api/export.csv?body=Sở Nội vụ", headers=bearer(web_home.tokens["viewer"]))
    assert csv.content.decode("utf-8-sig").count("Sở Nội vụ") >= 1


def test_openapi_lists_the_api_only(web_home):
    schema = make_client(web_home).get("/api/openapi.json").json()
    paths = set(schema["paths"])
    assert {"/api/search", "/api/documents", "/api/tasks", "/api/tasks/{task_id}/status",
            "/api/feeds/tasks.ics", "/api/export.xlsx"} <= paths
    assert not any(p.startswith(("/tasks", "/search", "/upload")) for p in paths)


# -- accounts ------------------------------------------------------------------------------------
def test_accounts_library(tmp_path):
    from chidao.config import Config

    with open_index(Config(home=tmp_path)) as index:
        store = index.store
        accounts.add_user(store, "lan", "một mật khẩu", "tracker")
        with pytest.raises(UsageError, match="exists"):
            accounts.add_user(store, "lan", "x", "viewer")
        with pytest.raises(UsageError, match="unknown role"):
            accounts.add_user(store, "minh", "x", "boss")
        with pytest.raises(UsageError, match="empty"):
            accounts.add_user(store, "minh", "  ", "viewer")
        with pytest.raises(NotFoundError):
            accounts.remove_user(store, "nobody")
        assert accounts.verify_password(store, "lan", "một mật khẩu").role == "tracker"
        assert accounts.verify_password(store, "lan", "sai") is None
        assert accounts.verify_password(store, "nobody", "x") is None
        stored = store.connection().execute("SELECT password_hash FROM users").fetchone()[0]
        assert stored.startswith("$argon2") and "một" not in stored
        assert accounts.set_role(store, "lan", "archivist").role == "archivist"

        token = accounts.create_token(store, "sync", "tracker")
        assert accounts.token_role(store, token) == "tracker"
        assert token not in json.dumps([t.__dict__ for t in accounts.list_tokens(store)])
        with pytest.raises(UsageError, match="exists"):
            accounts.create_token(store, "sync", "viewer")
        accounts.revoke_token(store, "sync")
        assert accounts.token_role(store, token) is None
        with pytest.raises(NotFoundError):
            accounts.revoke_token(store, "nope")
        assert accounts.role_allows("admin", "archivist") and not accounts.role_allows("tracker", "archivist")


def test_user_and_token_commands(tmp_path):
    runner = CliRunner()
    home = ["--home", str(tmp_path)]
    added = runner.invoke(main, [*home, "user", "add", "lan", "--role", "tracker", "--password-stdin"],
                          input=PASSWORD + "\n")
    assert added.exit_code == 0, added.output
    again = runner.invoke(main, [*home, "user", "add", "lan", "--password-stdin"], input="x\n")
    assert again.exit_code != 0 and again.output.startswith("error:") and again.output.count("\n") == 1
    empty = runner.invoke(main, [*home, "user", "add", "minh", "--password-stdin"], input="\n")
    assert empty.exit_code != 0 and "empty" in empty.output
    bad_role = runner.invoke(main, [*home, "user", "add", "minh", "--role", "boss", "--password-stdin"], input="x\n")
    assert "unknown role" in bad_role.output
    prompted = runner.invoke(main, [*home, "user", "add", "minh"], input="abc123\nabc123\n")
    assert prompted.exit_code == 0, prompted.output
    assert "lan\ttracker" in runner.invoke(main, [*home, "user", "list"]).output
    assert runner.invoke(main, [*home, "user", "set-role", "lan", "admin"]).exit_code == 0
    assert runner.invoke(main, [*home, "user", "remove", "ghost"]).exit_code == 9

    created = runner.invoke(main, [*home, "token", "create", "lich", "--role", "viewer"])
    secret = created.stdout.strip().splitlines()[-1]
    assert created.exit_code == 0 and len(secret) >= 40
    assert "lich\tviewer" in runner.invoke(main, [*home, "token", "list"]).output
    assert runner.invoke(main, [*home, "token", "revoke", "lich"]).exit_code == 0
    assert "revoked" in runner.invoke(main, [*home, "token", "list"]).output
    assert runner.invoke(main, [*home, "token", "revoke", "nope"]).exit_code == 9
