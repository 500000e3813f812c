"""The blank official workbook the exports start from carries no links of anyone's documents."""

from __future__ import annotations

import zipfile
from importlib import util
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures"


def _builder():  # fixtures/ is not a package: load the build script by path
    spec = util.spec_from_file_location("build_framework", FIXTURES / "build_framework.py")
    assert spec and spec.loader
    module = util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_committed_template_has_no_hyperlink_or_external_link() -> None:
    template = FIXTURES / "lke-template-permenpanrb-90-2021.xlsx"
    assert _builder().template_links(template) == []
    with zipfile.ZipFile(template) as zf:
        text = b"".join(zf.read(n) for n in zf.namelist() if n.endswith((".xml", ".rels")))
    assert b"drive.google.com" not in text
    assert b"docs.google.com" not in text


def test_the_builder_finds_a_hyperlink(tmp_path: Path) -> None:
    source = FIXTURES / "lke-template-permenpanrb-90-2021.xlsx"
    linked = tmp_path / "linked.xlsx"
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(linked, "w") as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item.filename))
        dst.writestr(
            "xl/worksheets/_rels/sheet1.xml.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/hyperlink" Target="https://drive.google.com/x" TargetMode="External"/>'
            "</Relationships>",
        )
    assert _builder().template_links(linked) == ["xl/worksheets/_rels/sheet1.xml.rels"]
