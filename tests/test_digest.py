"""The daily deadline digest (chidao.digest) on a real SQLite index: per body the overdue and
soon-due tasks, the XLSX / Markdown / JSON report written atomically, and the webhook POST
retried against a real local HTTP server that fails its first requests."""

import datetime as dt
import json
import threading
from contextlib import closing
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from openpyxl import load_workbook

from chidao import digest as digest_lib
from chidao.config import Config
from chidao.index import Index
from chidao.record import DocumentInfo, Record, Source, Task, TaskDeadline, Text

AS_OF = dt.date(2024, 5, 2)


def _record(n: int, tasks: list[Task], number: str) -> Record:
    rid = f"sha256:{n:064x}"
    for t in tasks:
        t.id = f"{rid}#{t.ordinal}"
    return Record(id=rid, source=Source(f"/in/{n}.txt", f"{n:064x}", "text/plain", 1),
                  text=Text("plain", f"Văn bản {number}"),
                  document=DocumentInfo(number=number, type="Kế hoạch", issuer="UBND tỉnh Bắc Giang",
                                        date="2024-01-10", subject=f"văn bản {n}"), tasks=tasks)


def fill_index(home: Path) -> None:
    """As of 2024-05-02: Sở TT&TT has task 1 overdue and task 2 due soon (both lead); Sở Nội vụ
    cooperates on task 2; the others have nothing due."""
    def due(day):
        return [TaskDeadline(raw=day, kind="by", due=day)]

    with closing(Index(Config(home=home))) as index:
        index.add(_record(1, [
            Task("", "1", "Rà soát thủ tục | hành chính", lead=["Sở TT&TT"], deadlines=due("2024-03-31")),
            Task("", "2", "Báo cáo kết quả", lead=["Sở Thông tin và truyền thông"], cooperating=["Sở Nội vụ"],
                 deadlines=due("2024-05-05") + due("2024-12-31")),
            Task("", "3", "Tuyên truyền thường xuyên", lead=["Báo Bắc Giang"]),
            Task("", "4", "Triển khai", lead=["Sở Y tế"], deadlines=due("2024-09-30")),
        ], "12/KH-UBND"))


@pytest.fixture
def home(tmp_path) -> Path:
    fill_index(tmp_path / "home")
    return tmp_path / "home"


def _digest(home: Path) -> digest_lib.Digest:
    with closing(Index(Config(home=home))) as index:
        return digest_lib.build_digest(index.tracker, AS_OF, soon_days=7)


def test_digest_lists_each_bodys_overdue_and_soon_due_tasks(home):
    digest = _digest(home)
    by_body = {b.body: ([t.ordinal for t in b.overdue], [t.ordinal for t in b.due_soon]) for b in digest.bodies}
    assert len(by_body) == 2
    tt = next(name for name in by_body if "Thông tin" in name)
    nv = next(name for name in by_body if "Nội vụ" in name)
    assert by_body[tt] == (["1"], ["2"]) and by_body[nv] == ([], ["2"])
    assert (digest.overdue, digest.due_soon) == (1, 2)
    payload = digest.to_dict()
    assert payload["as_of"] == "2024-05-02"
    roles = {b["body"]: b["due_soon"][0]["role"] for b in payload["bodies"]}
    assert roles == {tt: "lead", nv: "cooperating"}


def test_digest_files_are_written_whole(home):
    digest = _digest(home)
    folder = digest_lib.digest_folder(home, AS_OF)
    paths = digest_lib.write_digest(digest, folder)
    assert [p.name for p in paths] == ["digest.xlsx", "digest.md", "digest.json"]
    assert folder == home / "digests" / "2024-05-02"
    wb = load_workbook(folder / "digest.xlsx")
    assert len(wb.sheetnames) == 3 and wb.sheetnames[0] == "Tổng hợp"
    summary = [row for row in wb["Tổng hợp"].iter_rows(min_row=4, values_only=True)]
    assert sorted((r[2], r[3]) for r in summary) == [(0, 1), (1, 1)]
    sheet = wb[next(r[4] for r in summary if r[2] == 1)]
    assert "THÔNG TIN" in sheet["A1"].value and sheet.freeze_panes == "D5"
    assert [sheet.cell(row=r, column=3).value for r in (5, 6)] == ["Rà soát thủ tục | hành chính", "Báo cáo kết quả"]
    markdown = (folder / "digest.md").read_text(encoding="utf-8")
    assert "### Quá hạn (1)" in markdown and "thủ tục \\| hành chính" in markdown and "| phối hợp |" in markdown
    assert json.loads((folder / "digest.json").read_text(encoding="utf-8")) == digest.to_dict()
    assert not [p for p in folder.iterdir() if p.name.startswith(".")]


def test_sheet_titles_follow_excels_rules():
    used = {"tổng hợp"}
    long = "Ban Chỉ đạo phòng, chống thiên tai và tìm kiếm cứu nạn tỉnh"
    titles = [digest_lib._sheet_title(name, used) for name in (long, long, "Sở A/B: [x]", "TỔNG HỢP")]
    assert all(len(t) <= 31 for t in titles) and len({t.lower() for t in titles}) == 4
    assert titles[2] == "Sở A-B- -x-"


class Hook:
    """A local webhook that answers 500 to its first `failures` requests, then 200."""

    def __init__(self, failures: int = 0, status: int = 500):
        self.failures, self.status, self.bodies, self.hits = failures, status, [], 0
        hook = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                hook.hits += 1
                ok = hook.hits > hook.failures
                if ok:
                    hook.bodies.append(json.loads(body))
                self.send_response(200 if ok else hook.status)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def hook():
    made = []

    def make(failures=0, status=500):
        made.append(Hook(failures, status))
        return made[-1]

    yield make
    for h in made:
        h.close()


def test_webhook_is_retried_with_backoff(hook):
    waits = []
    server = hook(failures=2)
    assert digest_lib.post_json(server.url, b'{"a": 1}', backoff_s=0.5, sleep=waits.append) == 200
    assert server.hits == 3 and server.bodies == [{"a": 1}] and waits == [0.5, 1.0]


def test_webhook_failures_say_why_and_client_errors_are_not_retried(hook):
    down = hook(failures=99)
    with pytest.raises(digest_lib.WebhookError, match="answered 500.*after 3 tries"):
        digest_lib.post_json(down.url, b"{}", attempts=3, sleep=lambda s: None)
    refused = hook(failures=99, status=403)
    with pytest.raises(digest_lib.WebhookError, match="answered 403.*after 1 try"):
        digest_lib.post_json(refused.url, b"{}", sleep=lambda s: None)
    assert refused.hits == 1
    with pytest.raises(digest_lib.WebhookError, match="could not be reached"):
        digest_lib.post_json("http://127.0.0.1:9/nothing", b"{}", attempts=2, sleep=lambda s: None)


def test_an_unsent_digest_is_kept_and_sent_once_later(home, hook):
    folder = digest_lib.digest_folder(home, AS_OF)
    digest_lib.write_digest(_digest(home), folder)
    down = hook(failures=99)
    with pytest.raises(digest_lib.WebhookError):
        digest_lib.send_digest(folder, down.url, attempts=2, backoff_s=0.01)
    assert digest_lib.unsent_digests(home) == [folder]
    assert "500" in json.loads((folder / "unsent.json").read_text())["error"]
    assert (folder / "digest.xlsx").is_file()
    up = hook()
    assert digest_lib.send_digest(folder, up.url, backoff_s=0.01) is True
    assert digest_lib.send_digest(folder, up.url, backoff_s=0.01) is False      # the same payload: not again
    assert up.hits == 1 and up.bodies[0]["as_of"] == "2024-05-02"
    assert digest_lib.unsent_digests(home) == [] and (folder / "sent.json").is_file()
