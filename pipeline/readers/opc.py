"""The main document part of a Word package, read with lxml alone (no python-docx).

python-docx parsed every XML part of a package (styles.xml alone is most of its cost) to
hand back one element. Here only [Content_Types].xml, the .rels parts and the main
document are parsed, with python-docx's parser settings, and the package is walked the
way python-docx walked it, so a damaged package is refused with the same exception and
wording: no zip, a part named by a relationship but missing, a part without a content
type, no officeDocument relationship, a main part that is not a Word document. Other
parts are neither inflated nor parsed: a package whose main document is sound but whose
styles, settings or images are damaged is now read where python-docx refused it.
"""

from __future__ import annotations

import posixpath
import zipfile
from pathlib import Path

from lxml import etree

_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_PR = "{http://schemas.openxmlformats.org/package/2006/relationships}"
RT_OFFICE_DOCUMENT = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
)
CT_WML_DOCUMENT_MAIN = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
)
#: python-docx's parser settings: the same tree, the same syntax errors.
_PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False)


class PackageNotFoundError(Exception):
    """Not a zip file (python-docx's exception of this name, with its wording)."""


def parse_xml(data: bytes) -> etree._Element:
    """Root element of an XML part, parsed as python-docx parsed it."""
    return etree.fromstring(data, _PARSER)


class _ContentTypes:
    def __init__(self, root: etree._Element) -> None:
        self.overrides = {o.get("PartName").lower(): o.get("ContentType") for o in root.iterchildren(f"{_CT}Override")}  # fmt: skip
        self.defaults = {d.get("Extension").lower(): d.get("ContentType") for d in root.iterchildren(f"{_CT}Default")}  # fmt: skip

    def __getitem__(self, partname: str) -> str:
        if partname.lower() in self.overrides:
            return self.overrides[partname.lower()]
        ext = posixpath.splitext(partname)[1]
        ext = ext[1:] if ext.startswith(".") else ext
        if ext.lower() in self.defaults:
            return self.defaults[ext.lower()]
        raise KeyError(f"no content type for partname '{partname}' in [Content_Types].xml")


def _rels_of(zf: zipfile.ZipFile, source: str) -> list[tuple[str, str, str | None]]:
    """(rId, type, target part name or None when external) of a part's relationships."""
    base, name = posixpath.split(source)
    try:
        data = zf.read(posixpath.join(base, "_rels", f"{name}.rels")[1:])
    except KeyError:
        return []
    out = []
    for rel in parse_xml(data).iterchildren(f"{_PR}Relationship"):
        external = rel.get("TargetMode", "Internal") == "External"
        target = None if external else posixpath.abspath(posixpath.join(base, rel.get("Target")))
        out.append((rel.get("Id"), rel.get("Type"), target))
    return out


def _walk(zf: zipfile.ZipFile, rels, types: _ContentTypes, seen: list[str]) -> None:
    """Visit every part the relationships reach, depth first, as python-docx did: each
    must exist and have a content type (its bytes are not read)."""
    for _rid, _type, target in rels:
        if target is None or target in seen:
            continue
        seen.append(target)
        part_rels = _rels_of(zf, target)
        zf.getinfo(target[1:])  # KeyError "There is no item named … in the archive"
        types[target]
        _walk(zf, part_rels, types, seen)


def main_document(path: Path) -> etree._Element:
    """The root element of a .docx's main document part (w:document).

    Raises what python-docx raised on the same package: PackageNotFoundError, KeyError,
    ValueError, zipfile.BadZipFile or an lxml syntax error.
    """
    if not zipfile.is_zipfile(str(path)):
        raise PackageNotFoundError(f"Package not found at '{path}'")
    with zipfile.ZipFile(path) as zf:
        types = _ContentTypes(parse_xml(zf.read("[Content_Types].xml")))
        package_rels = _rels_of(zf, "/")
        _walk(zf, package_rels, types, [])
        by_id = {rid: (rtype, target) for rid, rtype, target in package_rels}
        main = [target for rtype, target in by_id.values() if rtype == RT_OFFICE_DOCUMENT]
        if not main:
            raise KeyError(f"no relationship of type '{RT_OFFICE_DOCUMENT}' in collection")
        if len(main) > 1:
            raise ValueError(f"multiple relationships of type '{RT_OFFICE_DOCUMENT}' in collection")
        if main[0] is None:
            raise ValueError("target_part property on _Relationship is undefined when target mode is External")  # fmt: skip
        content_type = types[main[0]]
        root = parse_xml(zf.read(main[0][1:]))
    if content_type != CT_WML_DOCUMENT_MAIN:
        raise ValueError(f"file '{path}' is not a Word file, content type is '{content_type}'")
    return root
