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

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

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


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Span(Record):
    """A piece of the document: `document.text[start:end] == text`."""

    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)


EntitySource = Literal["lexicon", "grammar", "model"]


class Entity(Span):
    type: EntityType
    norm: str = Field(description="normalized form used for matching")
    id: str | None = Field(default=None, description="canonical lexicon id, when linked")
    name_en: str | None = None
    source: EntitySource | None = Field(
        default=None, description="what found it: a lexicon form, the grammar's cues, or the NER model"
    )
    score: float | None = Field(default=None, description="the model's probability, for source 'model'")


class Quantity(Span):
    value: int | float
    unit: str = Field(description="what is counted (OUTPUT.md vocabulary, see README)")
    procedure: str | None = Field(default=None, description="procedure code, when the count is of one")
    qualifier: Qualifier = "exact"
    period: Period | None = None


class Decree(Span):
    number: str = Field(description="ASCII digits, or as written ('12/أ')")
    year: int | None = None
    calendar: Calendar | None = Field(
        default=None,
        description="the calendar of `year` as written ('hijri' for 1437 هـ), null without a year",
    )
    kind: DecreeKind = "decree"
    issuer: str | None = None
    subject: str | None = Field(default=None, description="what the decree is about ('بشأن …')")


class DateMention(Span):
    value: str | None = Field(default=None, description="ISO YYYY-MM-DD when resolved")
    calendar: Calendar = "gregorian"
    relative: bool = False


class FacilityRef(Record):
    text: str
    id: str | None = None


class OrgRef(Record):
    text: str
    id: str | None = None
    role: Role = "other"


class Evidence(Record):
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class Event(Record):
    event_id: str = Field(description="stable hash of the document id and the evidence span")
    type: EventType
    procedure: str | None = None
    count: int | float | None = None
    unit: str | None = None
    facility: FacilityRef | None = None
    location: str | None = None
    organizations: list[OrgRef] = Field(default_factory=list)
    program: str | None = None
    date: str | None = None
    decrees: list[str] = Field(default_factory=list, description="numbers of the decrees that authorize it")
    evidence: Evidence
    cluster_id: str | None = Field(
        default=None,
        description="the happening this event reports: the event_id of the first event of its cluster "
        "(events of other bulletins that report the same happening share it; see pipeline.duplicates)",
    )
    seen_in: str | None = Field(
        default=None, description="cluster_id of the same happening in an earlier run (run --against)"
    )


class Source(Record):
    path: str | None = None
    line_start: int | None = None
    line_end: int | None = None
    name: str | None = Field(default=None, description="the input's `source` (outlet), jsonl/csv input")
    url: str | None = Field(default=None, description="the input's `url`, jsonl/csv input")


class Document(Record):
    doc_id: str
    source: Source = Field(default_factory=Source)
    published: str | None = Field(default=None, description="YYYY-MM-DD")
    country: str | None = Field(
        default=None,
        description="ISO 3166-1 alpha-2 code of the home country the bulletin is read against "
        "(the input's `country`, else --home-country, else the one country the bulletin's own places "
        "are in when that is not the default, else the default LY); 'abroad' is relative to it",
    )
    country_from: Literal["input", "run", "text", "default"] | None = Field(
        default=None,
        description="where `country` comes from: the input record, the run's --home-country, the "
        "bulletin's own places (events stage), or the default",
    )
    text: str
    entities: list[Entity] = Field(default_factory=list)
    quantities: list[Quantity] = Field(default_factory=list)
    decrees: list[Decree] = Field(default_factory=list)
    dates: list[DateMention] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    duplicate_of: str | None = Field(
        default=None,
        description="doc_id of the first bulletin (input order) of this bulletin's near-duplicate group, "
        "null for the first one and for a bulletin without duplicates",
    )
    similarity: float | None = Field(
        default=None,
        description="estimated Jaccard similarity (word shingles) with the bulletin it was matched to; "
        "1.0 when identical after normalization",
    )
    seen_in: str | None = Field(
        default=None, description="doc_id of the same (or a near-duplicate) bulletin in an earlier run"
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

    path: str
    line: int | None = None
    doc_id: str | None = None
    reason: str


class EventRow(Record):
    """One event as a flat row (events.csv / Parquet / SQLite `events`)."""

    doc_id: str
    event_id: str
    type: EventType
    procedure: str | None = None
    count: int | float | None = None
    unit: str | None = None
    facility: str | None = None
    facility_id: str | None = None
    location: str | None = None
    organizations: str | None = Field(default=None, description="'text [role]' joined by ' | '")
    program: str | None = None
    date: str | None = None
    decrees: str | None = Field(default=None, description="decree numbers joined by ' | '")
    evidence_start: int
    evidence_end: int
    evidence: str
    cluster_id: str | None = None
    seen_in: str | None = None


class DuplicateRow(Record):
    """One bulletin of a near-duplicate group of two or more (duplicates.csv)."""

    group: str = Field(description="doc_id of the first bulletin of the group (input order)")
    doc_id: str
    published: str | None = None
    similarity: float | None = Field(default=None, description="null for the group's first bulletin")


class EventClusterRow(Record):
    """One happening: a cluster of events that report it (event_clusters.csv)."""

    cluster_id: str
    type: EventType
    procedure: str | None = None
    count: int | float | None = None
    unit: str | None = None
    facility: str | None = None
    facility_id: str | None = None
    location: str | None = None
    date: str | None = Field(
        default=None, description="the first event's date, else its bulletin's published"
    )
    month: str | None = Field(default=None, description="YYYY-MM of `date`")
    events: int = Field(description="number of events in the cluster")
    bulletins: int = Field(description="number of bulletins that report it")
    doc_ids: str = Field(description="the bulletins, joined by ' | ', in input order")
    repost_only: bool = Field(
        description="read only from near-duplicates of another bulletin (a reading of the same text that "
        "its first bulletin did not give): left out of the aggregates"
    )
    seen_in: str | None = None


class AggregateRow(Record):
    """Happenings per facility x procedure x month, each cluster counted once (aggregates.csv)."""

    month: str | None = None
    facility: str | None = None
    facility_id: str | None = None
    location: str | None = Field(default=None, description="the place when there is no facility")
    procedure: str
    unit: str | None = None
    happenings: int = Field(description="number of event clusters")
    count_sum: int | float | None = Field(default=None, description="sum of the clusters' counts")
