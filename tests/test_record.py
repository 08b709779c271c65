"""The record round-trips through JSON unchanged (the archive and both index backends rely on it)."""

from chidao.record import (
    DocumentInfo, PageText, Record, Reference, Signer, Source, Task, TaskDeadline, Text,
)


def _record() -> Record:
    return Record(
        id="sha256:abc",
        source=Source(path="x.pdf", sha256="abc", media_type="application/pdf", pages=2),
        text=Text(method="ocr", content="Số 2858-CV/TU\nĐẢNG", restored=False, ocr_confidence=0.93,
                  pages=[PageText(number=1, method="ocr", confidence=0.93, chars=18)]),
        document=DocumentInfo(number="2858-CV/TU", symbol="CV/TU", type="Công văn", party=True,
                              signer=Signer(name="Lê Thị Thu Hồng", title="Phó Bí thư", capacity="T/M Ban Thường vụ"),
                              references=[Reference(number="26-CT/TU", type="Chỉ thị", date="2023-06-02")]),
        tasks=[Task(id="sha256:abc#3", ordinal="3", text="Ban cán sự đảng …", lead=["Ban cán sự đảng UBND tỉnh"],
                    deadlines=[TaskDeadline(raw="đến hết năm 2024", kind="by", due="2024-12-31")])],
    )


def test_round_trip():
    record = _record()
    again = Record.from_json(record.to_json())
    assert again == record
    assert again.to_dict()["tasks"][0]["deadlines"][0]["due"] == "2024-12-31"


def test_json_keeps_vietnamese_unescaped():
    assert "Lê Thị Thu Hồng" in _record().to_json()
