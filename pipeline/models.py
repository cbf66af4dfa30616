"""Records of the output contract (../shared/spec/OUTPUT.md), as pydantic models.

These models are the single source of truth: documents.jsonl is their JSON
dump, schema.json is generated from `Document`, and the flat tables (CSV,
Parquet, SQLite) take their columns from `Entity`, `Quantity`, `EventRow` and the rows of
`pipeline.duplicates` (`DuplicateRow`, `EventClusterRow`, `AggregateRow`)
(see `pipeline.writers`).

A `Document` also carries, outside its serialized fields, the working views
that the stages share: the normalized text with its offset map and the
clitic-aware tokens. They are built once, on first use, from `text`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator

if TYPE_CHECKING:  # pragma: no cover
    from pipeline.normalize import NormalizedText
    from pipeline.tokenize import Token

EntityType = Literal["FACILITY", "ORG", "PERSON", "LOC", "DATE", "PROGRAM", "CONDITION", "PROCEDURE"]
ENTITY_TYPES: tuple[str, ...] = EntityType.__args__  # type: ignore[attr-defined]

Qualifier = Literal["exact", "more_than", "less_than", "about", "at_least", "up_to"]
Period = Literal["daily", "weekly", "monthly", "yearly"]
DecreeKind = Literal["decree", "law", "decree_law", "resolution", "circular"]
Calendar = Literal["gregorian", "hijri"]
EventType = Literal[
    "procedure_performed",
    "treatment_abroad",
    "service_launch",
    "service_ongoing",
    "training",
    "meeting",
    "agreement",
    "visit",
    "supply_delivery",
    "campaign",
    "sponsorship",
    "other",
]
EVENT_TYPES: tuple[str, ...] = EventType.__args__  # type: ignore[attr-defined]
Role = Literal["performer", "supporter", "supervisor", "partner", "other"]


SCHEMA_ID = "urn:bulletins-pipeline:schema:document"  # schema.json's $id
DATE = {"format": "date"}  # JSON Schema of a YYYY-MM-DD string
SURFACE = "the surface, exactly as in the bulletin (`text[start:end]`)"


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Span(Record):
    """A piece of the document: `document.text[start:end] == text`."""

    text: str = Field(description=SURFACE, examples=["قسطرة قلبية"])
    start: int = Field(
        ge=0, description="offset of its first character in the bulletin's text", examples=[56]
    )
    end: int = Field(ge=0, description="offset just after its last character", examples=[67])


EntitySource = Literal["lexicon", "grammar", "model"]


class Entity(Span):
    """A named thing of the bulletin: facility, organization, person, place, date, programme, condition or
    procedure."""

    text: str = Field(description=SURFACE, examples=["مستشفى الهضبة الخضراء العام"])
    type: EntityType = Field(description="what it is (OUTPUT.md)", examples=["FACILITY"])
    norm: str = Field(
        description="its normalized form, used for matching (no diacritics; أ إ آ → ا, ى → ي, ة → ه)",
        examples=["مستشفي الهضبه الخضراء العام"],
    )
    id: str | None = Field(
        default=None,
        description="canonical id of the lexicon entry it is linked to (one id for every spelling), "
        "or the procedure code of a PROCEDURE",
        examples=["al_khadra_hospital"],
    )
    name_en: str | None = Field(
        default=None, description="English name of the linked entry", examples=["Al-Khadra General Hospital"]
    )
    source: EntitySource | None = Field(
        default=None,
        description="what found it: a lexicon form, the grammar's cues, or the NER model",
        examples=["lexicon"],
    )
    score: float | None = Field(
        default=None, description="the model's probability, for source 'model'", examples=[0.87]
    )


class Quantity(Span):
    """A count of something: "6 عمليات قسطرة" → 6 operations of catheterization."""

    text: str = Field(description=SURFACE, examples=["6 عمليات"])
    value: int | float = Field(description="the number, from digits or words", examples=[6])
    unit: str = Field(
        description="what is counted (OUTPUT.md vocabulary, see README)", examples=["operation"]
    )
    procedure: str | None = Field(
        default=None, description="procedure code, when the count is of one", examples=["catheterization"]
    )
    qualifier: Qualifier = Field(
        default="exact", description="how exact the number is ('أكثر من 600' → more_than)", examples=["exact"]
    )
    period: Period | None = Field(
        default=None, description="the period of a rate ('شهرياً' → monthly), else null", examples=["monthly"]
    )


class Decree(Span):
    """A reference to a decree, law or resolution: "قرار ... رقم (649) لسنة 2024"."""

    text: str = Field(
        description=SURFACE, examples=["قرار رئيس مجلس وزراء حكومة الوحدة الوطنية رقم (649) لسنة 2024"]
    )
    number: str = Field(description="ASCII digits, or as written ('12/أ'); always text", examples=["649"])
    year: int | None = Field(
        default=None, description="its year as written (Hijri or Gregorian)", examples=[2024]
    )
    calendar: Calendar | None = Field(
        default=None,
        description="the calendar of `year` as written ('hijri' for 1437 هـ), null without a year",
        examples=["gregorian"],
    )
    kind: DecreeKind = Field(
        default="decree",
        description="the kind of act: decree (قرار), law (قانون), decree_law (مرسوم), resolution, circular (تعميم)",
        examples=["decree"],
    )
    issuer: str | None = Field(
        default=None,
        description="who issued it, as written",
        examples=["رئيس مجلس وزراء حكومة الوحدة الوطنية"],
    )
    subject: str | None = Field(
        default=None,
        description="what the decree is about ('بشأن …')",
        examples=["بشأن تنظيم العلاج بالخارج"],
    )


class DateMention(Span):
    """A date or date expression ("26 مايو 2024 م", "هذا الأسبوع")."""

    text: str = Field(description=SURFACE, examples=["هذا الأسبوع"])
    value: str | None = Field(
        default=None,
        description="ISO YYYY-MM-DD when resolved (Hijri converted, relative dates against `published`), else null",
        examples=["2024-03-17"],
        json_schema_extra=DATE,
    )
    calendar: Calendar = Field(
        default="gregorian", description="the calendar it is written in", examples=["hijri"]
    )
    relative: bool = Field(
        default=False, description="true for a date relative to publication ('اليوم', 'أمس')", examples=[True]
    )


class FacilityRef(Record):
    """The facility of an event."""

    text: str = Field(description="its name as written", examples=["مستشفى الهضبة الخضراء العام"])
    id: str | None = Field(
        default=None, description="its lexicon id, when linked", examples=["al_khadra_hospital"]
    )


class OrgRef(Record):
    """An organization of an event, with its part in it."""

    text: str = Field(description="its name as written", examples=["وزارة الصحة"])
    id: str | None = Field(
        default=None, description="its lexicon id, when linked", examples=["ministry_of_health"]
    )
    role: Role = Field(
        default="other", description="its part in the event ('بدعم من' → supporter)", examples=["supporter"]
    )


class Evidence(Record):
    """The sentence(s) an event was read from, as offsets into the bulletin's text."""

    start: int = Field(ge=0, description="offset of the first character", examples=[0])
    end: int = Field(ge=0, description="offset just after the last character", examples=[105])


class Event(Record):
    """Something that happened, with its slots: what, how many, where, who, when."""

    event_id: str = Field(
        description="stable hash of the document id and the evidence span", examples=["1da6febddb4af4ae"]
    )
    type: EventType = Field(description="what happened (OUTPUT.md)", examples=["procedure_performed"])
    procedure: str | None = Field(default=None, description="procedure code", examples=["catheterization"])
    count: int | float | None = Field(
        default=None, description="how many, null when the bulletin gives no number", examples=[6]
    )
    unit: str | None = Field(default=None, description="what `count` counts", examples=["operation"])
    facility: FacilityRef | None = Field(default=None, description="where it happened: the facility")
    location: str | None = Field(
        default=None,
        description="city or country (from the text or the facility's entry)",
        examples=["طرابلس"],
    )
    organizations: list[OrgRef] = Field(default_factory=list, description="who took part, with their roles")
    program: str | None = Field(
        default=None, description="the programme or campaign it belongs to", examples=["مبادرة توطين العلاج"]
    )
    date: str | None = Field(
        default=None,
        description="when: ISO YYYY-MM-DD where resolved, else the date as written",
        examples=["2024-03-17"],
    )
    decrees: list[str] = Field(
        default_factory=list, description="numbers of the decrees that authorize it", examples=[["649"]]
    )
    evidence: Evidence = Field(description="the sentence(s) it was read from")
    cluster_id: str | None = Field(
        default=None,
        description="the happening this event reports: the event_id of the first event of its cluster "
        "(events of other bulletins that report the same happening share it; see pipeline.duplicates)",
        examples=["1da6febddb4af4ae"],
    )
    seen_in: str | None = Field(
        default=None,
        description="cluster_id of the same happening in an earlier run (run --against)",
        examples=["5b0e2f41c9a7d3e8"],
    )


def unicode_safe(value: object) -> object:
    """A string with each lone surrogate (from an undecodable file name, "\\ud800" in JSON) as
    U+FFFD, so that it can be written as UTF-8; anything else as it is."""
    if isinstance(value, str):
        return value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return value


class Source(Record):
    """Where a bulletin was read from."""

    _safe = field_validator("path", "name", "url", mode="before")(unicode_safe)

    path: str | None = Field(
        default=None, description="the input file", examples=["corpus/000_83d44f455a603adc.txt"]
    )
    line_start: int | None = Field(
        default=None, description="first line of the bulletin in the file (1-based)", examples=[2]
    )
    line_end: int | None = Field(
        default=None, description="last line of the bulletin in the file", examples=[3]
    )
    name: str | None = Field(
        default=None,
        description="the input's `source` (outlet), jsonl/csv input",
        examples=["وكالة الأنباء الليبية"],
    )
    url: str | None = Field(
        default=None,
        description="the input's `url`, jsonl/csv input",
        examples=["https://example.org/news/1"],
    )


class Document(Record):
    """One bulletin and everything extracted from it (a line of documents.jsonl)."""

    _safe = field_validator("doc_id", mode="before")(unicode_safe)  # a .txt file's undecodable name

    model_config = ConfigDict(
        title="Bulletin",
        json_schema_extra={"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID},
    )

    doc_id: str = Field(
        description="txt: '<file stem>:<first line>-<last line>'; jsonl/csv: the given id",
        examples=["000_83d44f455a603adc:2-3"],
    )
    source: Source = Field(default_factory=Source, description="where it was read from")
    published: str | None = Field(
        default=None,
        description="publication date YYYY-MM-DD (the input's, else --published), null when unknown",
        examples=["2024-03-20"],
        json_schema_extra=DATE,
    )
    country: str | None = Field(
        default=None,
        description="ISO 3166-1 alpha-2 code of the home country the bulletin is read against "
        "(the input's `country`, else --home-country, else the one country the bulletin's own places "
        "are in when that is not the default, else the default LY); 'abroad' is relative to it",
        examples=["LY"],
    )
    country_from: Literal["input", "run", "text", "default"] | None = Field(
        default=None,
        description="where `country` comes from: the input record, the run's --home-country, the "
        "bulletin's own places (events stage), or the default",
        examples=["input"],
    )
    text: str = Field(
        description="the bulletin exactly as read (paragraphs joined by a line break); every offset points into it",
        examples=["أجرى الفريق الطبي بمستشفى الهضبة الخضراء العام 6 عمليات قسطرة خلال هذا الأسبوع."],
    )
    entities: list[Entity] = Field(default_factory=list, description="named things, in text order")
    quantities: list[Quantity] = Field(default_factory=list, description="counts")
    decrees: list[Decree] = Field(default_factory=list, description="decree references")
    dates: list[DateMention] = Field(default_factory=list, description="dates and date expressions")
    events: list[Event] = Field(default_factory=list, description="what happened")
    duplicate_of: str | None = Field(
        default=None,
        description="doc_id of the first bulletin (input order) of this bulletin's near-duplicate group, "
        "null for the first one and for a bulletin without duplicates",
        examples=["000_83d44f455a603adc:2-3"],
    )
    similarity: float | None = Field(
        default=None,
        description="estimated Jaccard similarity (word shingles) with the bulletin it was matched to; "
        "1.0 when identical after normalization",
        examples=[0.92],
    )
    seen_in: str | None = Field(
        default=None,
        description="doc_id of the same (or a near-duplicate) bulletin in an earlier run",
        examples=["000_83d44f455a603adc:2-3"],
    )

    _view: NormalizedText | None = PrivateAttr(default=None)
    _tokens: list[Token] | None = PrivateAttr(default=None)

    @property
    def view(self) -> NormalizedText:
        """The normalized view of `text`, with its map back to `text`."""
        if self._view is None:
            from pipeline.normalize import normalize

            self._view = normalize(self.text)
        return self._view

    @property
    def tokens(self) -> list[Token]:
        """Clitic-aware tokens over the normalized view (offsets into `text`)."""
        if self._tokens is None:
            from pipeline.tokenize import tokenize

            self._tokens = tokenize(self.view)
        return self._tokens

    def spans(self) -> list[Span]:
        """Every span of the document, for offset checks."""
        return [*self.entities, *self.quantities, *self.decrees, *self.dates]


class Reject(Record):
    """An input that could not be processed, and why. Nothing is dropped silently."""

    _safe = field_validator("path", "doc_id", "reason", mode="before")(unicode_safe)

    path: str = Field(description="the input file", examples=["corpus/broken.jsonl"])
    line: int | None = Field(
        default=None, description="its line (1-based), when the problem has one", examples=[7]
    )
    doc_id: str | None = Field(
        default=None, description="the bulletin's id, when known", examples=["broken:7"]
    )
    reason: str = Field(description="what went wrong", examples=["broken JSON: Expecting ',' delimiter"])


class EventRow(Record):
    """One event as a flat row (events.csv / Parquet / SQLite `events`)."""

    doc_id: str = Field(description="the bulletin (documents.doc_id)", examples=["000_83d44f455a603adc:2-3"])
    event_id: str = Field(
        description="the event (stable hash of doc_id and evidence)", examples=["1da6febddb4af4ae"]
    )
    type: EventType = Field(description="what happened (OUTPUT.md)", examples=["procedure_performed"])
    procedure: str | None = Field(default=None, description="procedure code", examples=["catheterization"])
    count: int | float | None = Field(default=None, description="how many, null when not given", examples=[6])
    unit: str | None = Field(default=None, description="what `count` counts", examples=["operation"])
    facility: str | None = Field(
        default=None, description="the facility's name as written", examples=["مستشفى الهضبة الخضراء العام"]
    )
    facility_id: str | None = Field(
        default=None, description="the facility's lexicon id", examples=["al_khadra_hospital"]
    )
    location: str | None = Field(default=None, description="city or country", examples=["طرابلس"])
    organizations: str | None = Field(
        default=None, description="'text [role]' joined by ' | '", examples=["وزارة الصحة [supporter]"]
    )
    program: str | None = Field(
        default=None, description="the programme or campaign", examples=["مبادرة توطين العلاج"]
    )
    date: str | None = Field(
        default=None,
        description="when, where resolved (Parquet date32); null otherwise",
        examples=["2024-03-17"],
        json_schema_extra=DATE,
    )
    date_text: str | None = Field(
        default=None, description="the date as written when it is not resolved", examples=["13 مارس الجاري"]
    )
    decrees: str | None = Field(default=None, description="decree numbers joined by ' | '", examples=["649"])
    evidence_start: int = Field(description="offset of the evidence in the bulletin's text", examples=[0])
    evidence_end: int = Field(description="offset just after the evidence", examples=[105])
    evidence: str = Field(
        description="the sentence(s) the event was read from",
        examples=["أجرى الفريق الطبي بمستشفى الهضبة الخضراء العام 6 عمليات قسطرة خلال هذا الأسبوع."],
    )
    cluster_id: str | None = Field(
        default=None,
        description="the happening it reports (event_clusters.cluster_id)",
        examples=["1da6febddb4af4ae"],
    )
    seen_in: str | None = Field(
        default=None,
        description="cluster_id of the same happening in an earlier run",
        examples=["5b0e2f41c9a7d3e8"],
    )


class DuplicateRow(Record):
    """One bulletin of a near-duplicate group of two or more (duplicates.csv)."""

    group: str = Field(
        description="doc_id of the first bulletin of the group (input order)",
        examples=["000_83d44f455a603adc:2-3"],
    )
    doc_id: str = Field(description="the bulletin (documents.doc_id)", examples=["001_10da5464ba1639f0:4-5"])
    published: str | None = Field(
        default=None, description="its publication date", examples=["2024-03-20"], json_schema_extra=DATE
    )
    similarity: float | None = Field(
        default=None,
        description="estimated Jaccard similarity with the group's first bulletin; null for the first",
        examples=[0.92],
    )


class EventClusterRow(Record):
    """One happening: a cluster of events that report it (event_clusters.csv)."""

    cluster_id: str = Field(
        description="the event_id of the cluster's first event (events.cluster_id)",
        examples=["1da6febddb4af4ae"],
    )
    type: EventType = Field(description="what happened (OUTPUT.md)", examples=["procedure_performed"])
    procedure: str | None = Field(default=None, description="procedure code", examples=["catheterization"])
    count: int | float | None = Field(
        default=None, description="how many (the first event's count)", examples=[6]
    )
    unit: str | None = Field(default=None, description="what `count` counts", examples=["operation"])
    facility: str | None = Field(
        default=None, description="the facility's name as written", examples=["مستشفى الهضبة الخضراء العام"]
    )
    facility_id: str | None = Field(
        default=None, description="the facility's lexicon id", examples=["al_khadra_hospital"]
    )
    location: str | None = Field(default=None, description="city or country", examples=["طرابلس"])
    date: str | None = Field(
        default=None,
        description="the first event's date, else its bulletin's published (ISO, or as written)",
        examples=["2024-03-17"],
    )
    month: str | None = Field(default=None, description="YYYY-MM of `date`", examples=["2024-03"])
    events: int = Field(description="number of events in the cluster", examples=[2])
    bulletins: int = Field(description="number of bulletins that report it", examples=[2])
    doc_ids: str = Field(
        description="the bulletins, joined by ' | ', in input order",
        examples=["000_83d44f455a603adc:2-3 | 001_10da5464ba1639f0:4-5"],
    )
    repost_only: bool = Field(
        description="read only from near-duplicates of another bulletin (a reading of the same text that "
        "its first bulletin did not give): left out of the aggregates",
        examples=[False],
    )
    seen_in: str | None = Field(
        default=None,
        description="cluster_id of the same happening in an earlier run",
        examples=["5b0e2f41c9a7d3e8"],
    )


class AggregateRow(Record):
    """Happenings per facility x procedure x month, each cluster counted once (aggregates.csv)."""

    month: str | None = Field(default=None, description="YYYY-MM", examples=["2024-03"])
    facility: str | None = Field(
        default=None, description="the facility's name as written", examples=["مستشفى الهضبة الخضراء العام"]
    )
    facility_id: str | None = Field(
        default=None, description="the facility's lexicon id", examples=["al_khadra_hospital"]
    )
    location: str | None = Field(
        default=None, description="the place when there is no facility", examples=["طرابلس"]
    )
    procedure: str = Field(description="procedure code", examples=["catheterization"])
    unit: str | None = Field(default=None, description="what `count_sum` counts", examples=["operation"])
    happenings: int = Field(description="number of event clusters", examples=[3])
    count_sum: int | float | None = Field(
        default=None, description="sum of the clusters' counts", examples=[14]
    )
