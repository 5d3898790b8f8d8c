"""The SHACL terms the engine reads, and the constraint components it compiles."""

from __future__ import annotations

from rdflib import URIRef
from rdflib.namespace import RDF, RDFS, XSD

SH = "http://www.w3.org/ns/shacl#"


def sh(name: str) -> URIRef:
    return URIRef(SH + name)


SH_NODE_SHAPE, SH_PROPERTY_SHAPE = sh("NodeShape"), sh("PropertyShape")
SH_PATH, SH_INVERSE = sh("path"), sh("inversePath")
SH_PROPERTY, SH_NODE, SH_NOT, SH_AND, SH_OR = sh("property"), sh("node"), sh("not"), sh("and"), sh("or")
SH_TARGET_CLASS, SH_TARGET_NODE = sh("targetClass"), sh("targetNode")
SH_TARGET_SUBJECTS, SH_TARGET_OBJECTS = sh("targetSubjectsOf"), sh("targetObjectsOf")
SH_DEACTIVATED, SH_SEVERITY, SH_MESSAGE, SH_FLAGS = sh("deactivated"), sh("severity"), sh("message"), sh("flags")
SH_VIOLATION = sh("Violation")
RDF_TYPE, RDFS_SUBCLASS, RDF_LANGSTRING = RDF.type, RDFS.subClassOf, RDF.langString  # namespace attributes are slow
XSD_STRING, RDFS_LITERAL, RDFS_DATATYPE = XSD.string, RDFS.Literal, RDFS.Datatype
ALLOWED = {sh("Warning"), sh("Info")}
"""Severities that do not make a shape fail (pySHACL's ``allow_warnings=True``)."""

COMPONENTS = {  # parameter -> (component kind, sh:sourceConstraintComponent)
    sh(p): (p, sh(c + "ConstraintComponent"))
    for p, c in (
        ("class", "Class"), ("datatype", "Datatype"), ("nodeKind", "NodeKind"), ("minCount", "MinCount"),
        ("maxCount", "MaxCount"), ("minLength", "MinLength"), ("maxLength", "MaxLength"), ("pattern", "Pattern"),
        ("in", "In"), ("hasValue", "HasValue"), ("minInclusive", "MinInclusive"), ("maxInclusive", "MaxInclusive"),
        ("minExclusive", "MinExclusive"), ("maxExclusive", "MaxExclusive"), ("or", "Or"), ("and", "And"),
        ("not", "Not"), ("node", "Node"), ("property", "Property"), ("languageIn", "LanguageIn"),
        ("uniqueLang", "UniqueLang"),
    )
}
KNOWN = set(COMPONENTS) | {
    SH_PATH, SH_INVERSE, SH_TARGET_CLASS, SH_TARGET_NODE, SH_TARGET_SUBJECTS, SH_TARGET_OBJECTS, SH_DEACTIVATED, SH_SEVERITY,
    SH_MESSAGE, SH_FLAGS, sh("name"), sh("description"), sh("order"), sh("group"), sh("defaultValue"),
}
"""The ``sh:`` predicates a shapes graph may use; any other one means pySHACL."""

WHOLE = {XSD.integer, XSD.int, XSD.long, XSD.negativeInteger, XSD.nonNegativeInteger, XSD.nonPositiveInteger,
          XSD.positiveInteger, XSD.short, XSD.byte, XSD.unsignedInt, XSD.unsignedLong, XSD.unsignedShort,
          XSD.unsignedByte}
KIND_OK = {  # sh:nodeKind -> node kinds ("iri", "bnode", "literal") it accepts
    sh("IRI"): {"iri"}, sh("BlankNode"): {"bnode"}, sh("Literal"): {"literal"},
    sh("BlankNodeOrIRI"): {"bnode", "iri"}, sh("BlankNodeOrLiteral"): {"bnode", "literal"},
    sh("IRIOrLiteral"): {"iri", "literal"},
}

