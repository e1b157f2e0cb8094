"""`keidesigner`: the desktop app by default, headless sub-commands for everything it does.

Exit codes: 0 success (and every checked design passes), 1 a rule fails, 2 bad input or usage. Errors are one line
on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import threading
from pathlib import Path
from typing import Sequence

from . import __version__
from .common import UserError
from .common.process import quiet_blas
from .design import Design, UnitSystem, USClass
from .files import DEFAULT_PRESET, json_schema, load_preset, load_source, preset_names, save_design

COMMANDS = ("check", "matrix", "energy", "sweep", "new", "schema", "export", "report", "headless")


class UsageError(UserError):
    """Bad command-line input: one line, exit code 2."""


class Parser(argparse.ArgumentParser):
    """argparse with the project's one-line errors: a bad option or choice is a UsageError ("keidesigner: sweep:
    argument --class: invalid choice: ..."), not a usage block; --help and --version print and exit as usual. Its
    sub-command parsers are of this class too."""

    def error(self, message: str):
        command = self.prog.removeprefix("keidesigner").strip()
        raise UsageError(f"{command}: {message}" if command else message)


def _design_source(text: str) -> Design:
    """A design from a file path, or from `preset:NAME`."""
    return load_source(text)[0]


def _rule_settings(pairs: Sequence[str]):
    from .rules import RuleSettings

    values = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or name not in RuleSettings.model_fields:
            raise UsageError(f"--set expects NAME=VALUE with NAME one of {', '.join(RuleSettings.model_fields)}")
        values[name] = value
    from pydantic import ValidationError

    from .design.edit import one_line

    try:
        return RuleSettings.model_validate(values)
    except ValidationError as exc:
        raise UsageError(f"--set {one_line(exc)}") from None


# --- check / matrix ----------------------------------------------------------------------------------------------

def _energy_result(analysis, title: str, system: UnitSystem = UnitSystem.metric) -> tuple[dict, str, str | None]:
    """The analysis's energy estimate as (JSON, text, None), or, when the model cannot simulate the design, as
    ({"error": reason}, "TITLE — EPA cycles: no estimate: reason", reason): what check --with-energy, energy and
    headless write in place of the figures, the other results kept."""
    from .energy import EnergyModelError
    from .energy.summary import energy_text

    try:
        estimate = analysis.energy
    except EnergyModelError as exc:
        return {"error": str(exc)}, f"{title} — EPA cycles: no estimate: {exc}", str(exc)
    return estimate.to_dict(), energy_text(estimate, title, system), None


def _check(args: argparse.Namespace) -> int:
    from .analysis import analyse
    from .analysis.pedestrian import pedestrian_json
    from .rules.matrix import matrix_json
    from .rules.summary import evaluation_json, evaluation_text

    settings = _rule_settings(args.set)
    system = UnitSystem(args.units)
    results = []
    for source in args.files:
        design = _design_source(source)
        results.append((source, analyse(design, settings, args.us_class, complete=True)))
    # a design the energy model cannot simulate keeps its findings, with the reason in place of its figures
    energy = {}
    if args.with_energy:
        for source, a in results:
            energy[source] = _energy_result(a, a.design.name, system)
            if energy[source][2] is not None:
                print(f"warning: {source}: no energy estimate: {energy[source][2]}", file=sys.stderr)
    if args.format == "json":
        docs = [evaluation_json(a.evaluation, source, system) | {"pedestrian": pedestrian_json(a.pedestrian),
                                                                 "matrix": matrix_json(a.matrix, a.design.plan)}
                | ({"energy": energy[source][0]} if args.with_energy else {})
                for source, a in results]
        print(json.dumps(docs[0] if len(docs) == 1 else docs, indent=2, ensure_ascii=False))
    else:
        texts = []
        for source, a in results:
            text = evaluation_text(a.evaluation, source, system)
            if args.with_energy:
                text += "\n\n" + energy[source][1]
            texts.append(text)
        print("\n\n".join(texts))
    return 0 if all(a.passed for _, a in results) else 1


def _energy(args: argparse.Namespace) -> int:
    """The EPA-cycle fuel economy (or MPGe), consumption and range of each design: exit 0, or 2 when any of them
    cannot be simulated (its reason printed in place of its figures, and on stderr naming the file)."""
    from .analysis import analyse

    system = UnitSystem(args.units)
    docs, texts, failed = [], [], False
    for source in args.files:
        analysis = analyse(_design_source(source))
        name = analysis.design.name
        doc, text, error = _energy_result(analysis, f"{name}  ({source})", system)
        docs.append({"file": source, "design": name} | doc)
        texts.append(text)
        if error is not None:
            failed = True
            print(f"keidesigner: {source}: no energy estimate: {error}", file=sys.stderr)
    if args.format == "json":
        print(json.dumps(docs[0] if len(docs) == 1 else docs, indent=2, ensure_ascii=False))
    else:
        print("\n\n".join(texts))
    return 2 if failed else 0


# --- sweep ---------------------------------------------------------------------------------------------------------

def _sweep(args: argparse.Namespace) -> int:
    """Many variants of one design: a grid or a sample over numeric fields, a table of every variant and a summary;
    exit 0 once everything is written, whatever the verdicts."""
    from .batch.optional import require
    from .batch.spec import plan, whole
    from .batch.summary import summary_json, summary_text
    from .batch.sweep import Options, run_sweep
    from .batch.table import table_format
    from .design.units import formatter

    # what can be refused without the design, before it is read
    if args.output is not None:
        kind = table_format(args.output)
        out = Path(args.output)
        if out.exists() and not out.is_dir() and not args.force:  # a folder is refused by the writer, by name
            raise UsageError(f"{args.output}: already exists (use --force to overwrite)")
        require("pyarrow", f"writing a {'CSV' if kind == 'csv' else 'Parquet'} table")
    if args.sample is not None:
        require("scipy", "--sample (quasi-random samples)")
    if args.scheduler is not None:
        require("distributed", "--scheduler (running the sweep on Dask)")
    jobs = whole(args.jobs, "--jobs", 1) if args.jobs is not None else None
    settings = _rule_settings(args.set)
    design, source = load_source(args.file)
    if (args.output is not None and source is not None and Path(args.output).exists()
            and Path(args.output).resolve() == source.resolve()):
        raise UsageError(f"{args.output}: is the design file itself; choose another name for the table")
    sweep_plan = plan(design, args.vary, args.sample, args.sampler, args.seed)
    summary = run_sweep(design, sweep_plan, args.file, args.us_class, settings, with_energy=args.with_energy,
                        options=Options(output=args.output, jobs=jobs, scheduler=args.scheduler), source_path=source)
    if args.format == "json":
        print(json.dumps(summary_json(summary), indent=2, ensure_ascii=False))
    else:
        print(summary_text(summary, formatter(args.units)))
    return 0


# --- new / schema ------------------------------------------------------------------------------------------------

def _new(args: argparse.Namespace) -> int:
    if args.list:
        for name in preset_names():
            print(name)
        return 0
    if not args.output:
        raise UsageError("new needs -o FILE (or --list)")
    out = Path(args.output)
    if out.exists() and not args.force:
        raise UsageError(f"{out}: already exists (use --force to overwrite)")
    save_design(load_preset(args.preset), out)
    print(f"wrote {out}")
    return 0


def _schema(args: argparse.Namespace) -> int:
    print(json.dumps(json_schema(), indent=2, ensure_ascii=False))
    return 0


# --- export / headless -------------------------------------------------------------------------------------------

def _export(args: argparse.Namespace) -> int:
    from .geometry import UNIT_NAMES, export_design, file_type_for, units_for

    # refuse a bad extension or unit before reading the design or writing anything
    if args.units is not None and file_type_for(args.output) == "glb":
        raise UsageError("--units applies to .stl, .obj and .ply: glTF (.glb) is always in metres, +Y up")
    units = units_for(args.output, args.units)
    design = _design_source(args.file)
    export_design(design, args.output, with_envelope=args.with_envelope, units=units)
    axes = "glTF axes: +Y up, front +Z" if file_type_for(args.output) == "glb" else "z up, x forward"
    print(f"wrote {args.output} ({UNIT_NAMES[units]}, {axes})")
    return 0


def _report(args: argparse.Namespace) -> int:
    from .analysis import analyse
    from .report import write_report

    output = Path(args.output)
    if output.suffix.lower() != ".pdf" and not output.is_dir():  # a folder is refused by the writer, by name
        raise UsageError(f"{args.output}: the report is a PDF; give a name ending in .pdf")
    design, source = load_source(args.file)
    if source is not None and output.exists() and output.resolve() == source.resolve():
        raise UsageError(f"{args.output}: is the design file itself; choose another name for the report")
    analysis = analyse(design, _rule_settings(args.set), args.us_class, complete=True)
    result = write_report(analysis, output, source=source, units=UnitSystem(args.units))
    print(f"wrote {args.output}")
    for line in result.warnings:  # the report is written all the same: a warning, not an error (exit unchanged)
        print(f"warning: {line}", file=sys.stderr)
    return 0


HEADLESS_FILES = ("check.txt", "check.json", "model.glb", "report.pdf")


def _preflight(out_dir: Path) -> None:
    """Refuse, before anything is written, an output folder that cannot take every file of the job."""
    from .common import PathError

    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise PathError(out_dir, "is a file, not a folder") from None
    except OSError as exc:
        raise PathError(out_dir, exc.strerror or str(exc)) from None
    for name in HEADLESS_FILES:
        target = out_dir / name
        if target.is_dir():
            raise PathError(target, "is a folder; the headless job writes a file there")
    if not os.access(out_dir, os.W_OK):
        raise PathError(out_dir, "permission denied")


def run_headless(source: str, out_dir: Path) -> int:
    """The main job without a display: check the design and write the results into out_dir.

    Exit 0 once everything is written, whatever the verdicts: they are in the files (use `check` to gate on them).
    Every file is written atomically, after the folder was checked to take all of them.
    """
    from .analysis import analyse
    from .common import write_atomic
    from .geometry import export_scene
    from .report import write_report
    from .rules.summary import evaluation_json, evaluation_text

    design, path = load_source(source)
    _preflight(out_dir)
    analysis = analyse(design, complete=True)
    ev = analysis.evaluation
    # the checks and the report still get written, saying why there is no figure
    energy_doc, energy_lines, energy_error = _energy_result(analysis, design.name)
    if energy_error is not None:
        print(f"warning: no energy estimate: {energy_error}", file=sys.stderr)
    written = []
    for name, text in (
        ("check.txt", evaluation_text(ev, source) + "\n\n" + energy_lines + "\n"),
        ("check.json", json.dumps(evaluation_json(ev, source) | {"energy": energy_doc}, indent=2,
                                  ensure_ascii=False) + "\n"),
    ):
        written.append(write_atomic(out_dir / name, text.encode("utf-8")))
    written.append(export_scene(analysis.scene, out_dir / "model.glb"))
    pdf = out_dir / "report.pdf"
    for line in write_report(analysis, pdf, source=path).warnings:
        print(f"warning: {line}", file=sys.stderr)
    written.append(pdf)
    print(f"{design.name}: kei {analysis.verdict('kei')}, US {analysis.verdict('us')}")
    for path in written:
        print(f"wrote {path}")
    return 0


def _headless(args: argparse.Namespace) -> int:
    return run_headless(args.file or f"preset:{DEFAULT_PRESET}", Path(args.output))


# --- GUI -----------------------------------------------------------------------------------------------------------

def _no_such_command(argv: Sequence[str]) -> None:
    """UsageError when the first argument is neither a command nor a file there is: a mistyped command ('chek
    FILE') read as the app's FILE had said 'unrecognized arguments: FILE' or 'chek: no such file'."""
    import difflib

    first = argv[0] if argv else ""
    if not first or first.startswith("-") or first.startswith("preset:") or os.path.exists(first):
        return
    if first.endswith(".kei") or os.sep in first:
        return  # a design file's name: the app says it is missing, in its own words
    near = difflib.get_close_matches(first, COMMANDS, n=1, cutoff=0.6)
    hint = f"did you mean {near[0]}?" if near else "commands: " + ", ".join(COMMANDS)
    raise UsageError(f"{first}: no such command or file ({hint})")


def _gui(argv: Sequence[str]) -> int:
    _no_such_command(argv)
    parser = Parser(
        prog="keidesigner",
        description="Design kei-class vehicles for US production. Without a command, opens the desktop app.",
        epilog="Commands: " + ", ".join(COMMANDS) + ". Run 'keidesigner COMMAND --help' for each.",
    )
    parser.add_argument("file", nargs="?", help="design file (.kei) or preset:NAME to open (default: preset:kei-truck)")
    parser.add_argument("--screenshot", metavar="PNG", help="write a PNG of the window after its first frame, exit")
    parser.add_argument("--units", choices=[u.value for u in UnitSystem],
                        help="show metric or US customary units (default: as last used)")
    parser.add_argument("--tab", choices=("compliance", "plan", "energy", "explore"),
                        help="bring this tab of the bottom panel to the front (with --screenshot: the one pictured; "
                             "explore runs its default sweep first, so that the picture shows a finished map)")
    parser.add_argument("--version", action="version", version=f"keidesigner {__version__}")
    parser.add_argument("--self-test", action="store_true", help="check this installation end to end, print one line")
    args = parser.parse_args(argv)
    if args.self_test:
        from .selftest import run_self_test

        return run_self_test()
    from .app.main import run_app

    return run_app(args.file, screenshot=args.screenshot, units=args.units, tab=args.tab)


def _matrix(args: argparse.Namespace) -> int:
    """The compliance matrix of one design: exit 0 when every applicable standard is screened without a failure or
    declared, 1 while any is open or would need exempting."""
    from .analysis import analyse
    from .rules.matrix import matrix_csv, matrix_json, matrix_text
    from .rules.summary import group_title

    analysis = analyse(_design_source(args.file), _rule_settings(args.set), args.us_class, complete=True)
    matrix = analysis.matrix
    if args.format == "json":
        print(json.dumps({"file": args.file, "design": analysis.design.name, "pathway": analysis.us_class.value}
                         | matrix_json(matrix, analysis.design.plan), indent=2, ensure_ascii=False))
    elif args.format == "csv":
        sys.stdout.write(matrix_csv(matrix))
    else:
        print(matrix_text(matrix, f"{analysis.design.name} — {group_title(analysis.evaluation, 'us')}",
                          analysis.design.plan))
    return 0 if matrix.complete else 1


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="keidesigner", description="KeiDesigner headless commands.")
    sub = parser.add_subparsers(dest="command", required=True)

    check = sub.add_parser("check", help="check designs against the kei definition and a US pathway")
    check.add_argument("files", nargs="+", metavar="FILE", help="design files (.kei) or preset:NAME")
    check.add_argument("--class", dest="us_class", choices=[c.value for c in USClass],
                       help="US pathway (default: each design's own class)")
    check.add_argument("--format", choices=("text", "json"), default="text")
    check.add_argument("--units", choices=[u.value for u in UnitSystem], default="metric")
    check.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                       help="rule setting, e.g. frontal_decel_limit_g=25 or paired_units=metric|us|either")
    check.add_argument("--with-energy", action="store_true",
                       help="add the EPA-cycle fuel economy or MPGe and range (FASTSim; about 0.5 s more)")
    check.set_defaults(run=_check)

    energy = sub.add_parser("energy", help="EPA-cycle fuel economy or MPGe, consumption and range (FASTSim)")
    energy.add_argument("files", nargs="+", metavar="FILE", help="design files (.kei) or preset:NAME")
    energy.add_argument("--format", choices=("text", "json"), default="text")
    energy.add_argument("--units", choices=[u.value for u in UnitSystem], default="metric")
    energy.set_defaults(run=_energy)

    matrix = sub.add_parser("matrix", help="the compliance matrix: every FMVSS and Part against the design, its plan")
    matrix.add_argument("file", metavar="FILE", help="design file (.kei) or preset:NAME")
    matrix.add_argument("--class", dest="us_class", choices=[c.value for c in USClass],
                        help="US pathway (default: the design's own class)")
    matrix.add_argument("--format", choices=("text", "json", "csv"), default="text")
    matrix.add_argument("--set", action="append", default=[], metavar="NAME=VALUE", help="rule setting")
    matrix.set_defaults(run=_matrix)

    sweep = sub.add_parser(
        "sweep", help="evaluate many variants of a design: a grid or a sample over numeric fields",
        description="Evaluate variants of a design: a full-factorial grid (--vary FIELD=START:STOP:STEP, both ends "
                    "included) or --sample N space-filling points (--vary FIELD=LOW:HIGH). Prints a summary; -o "
                    "writes one row per variant (.parquet or .csv).")
    sweep.add_argument("file", metavar="FILE", help="design file (.kei) or preset:NAME: the base design")
    sweep.add_argument("--vary", action="append", default=[], metavar="FIELD=START:STOP:STEP",
                       help="a numeric field by its dotted path (dimensions.length_mm, package.rows.0.h_point_x_mm) "
                            "and its range; FIELD=LOW:HIGH with --sample; repeat for more fields")
    sweep.add_argument("--sample", metavar="N", help="N quasi-random samples instead of a grid")
    sweep.add_argument("--sampler", help="sobol (default), halton or lhs (Latin hypercube)")
    sweep.add_argument("--seed", metavar="S", help="the sampler's seed (default 0)")
    sweep.add_argument("-o", "--output", metavar="OUT", help="the table: OUT.parquet or OUT.csv")
    sweep.add_argument("--force", action="store_true", help="overwrite an existing table")
    sweep.add_argument("--class", dest="us_class", choices=[c.value for c in USClass],
                       help="US pathway (default: the design's own class)")
    sweep.add_argument("--set", action="append", default=[], metavar="NAME=VALUE", help="rule setting")
    sweep.add_argument("--with-energy", action="store_true",
                       help="add each variant's EPA-cycle label economy and range (FASTSim; tens of ms a variant)")
    sweep.add_argument("--jobs", metavar="N", help="worker processes on this machine (default: every core; one "
                                                   "process when the sweep is small); with --scheduler local, "
                                                   "the cluster's workers")
    sweep.add_argument("--scheduler", metavar="ADDRESS",
                       help="run on a Dask cluster: its scheduler's address (tcp://HOST:8786), or 'local' to "
                            "start one on this machine")
    sweep.add_argument("--format", choices=("text", "json"), default="text", help="the summary's format")
    sweep.add_argument("--units", choices=[u.value for u in UnitSystem], default="metric")
    sweep.set_defaults(run=_sweep)

    new = sub.add_parser("new", help="write a new design file from a preset")
    new.add_argument("--preset", default=DEFAULT_PRESET, help=f"preset name (default {DEFAULT_PRESET})")
    new.add_argument("-o", "--output", metavar="FILE")
    new.add_argument("--list", action="store_true", help="list the presets")
    new.add_argument("--force", action="store_true", help="overwrite an existing file")
    new.set_defaults(run=_new)

    schema = sub.add_parser("schema", help="print the JSON Schema of the design file format")
    schema.set_defaults(run=_schema)

    export = sub.add_parser(
        "export", help="export the 3D model (STL, OBJ, PLY or GLB by extension)",
        description="Write the 3D model. GLB is glTF 2.0: metres, +Y up, the front facing +Z. STL, OBJ and PLY "
                    "keep the model's axes (x forward, y left, z up) in the unit --units chooses.")
    export.add_argument("file", metavar="FILE", help="design file (.kei) or preset:NAME")
    export.add_argument("-o", "--output", required=True, metavar="OUT", help="OUT.stl, OUT.obj, OUT.ply or OUT.glb")
    # keidesigner.geometry.LENGTH_UNITS, spelled out so that parsing the command line imports no numpy
    export.add_argument("--units", choices=("mm", "m", "in"),
                        help="length unit for STL, OBJ and PLY (default mm); not for GLB, which is always metres")
    export.add_argument("--with-envelope", action="store_true", help="include the kei box")
    export.set_defaults(run=_export)

    report = sub.add_parser("report", help="write the compliance report (PDF)")
    report.add_argument("file", metavar="FILE", help="design file (.kei) or preset:NAME")
    report.add_argument("-o", "--output", required=True, metavar="OUT.pdf")
    report.add_argument("--class", dest="us_class", choices=[c.value for c in USClass],
                        help="US pathway (default: the design's own class)")
    report.add_argument("--units", choices=[u.value for u in UnitSystem], default="metric")
    report.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                        help="rule setting, e.g. paired_units=metric")
    report.set_defaults(run=_report)

    headless = sub.add_parser("headless", help="check a design and write results, model and report into a folder")
    headless.add_argument("file", nargs="?", metavar="FILE", help="design file (default: the kei-truck preset)")
    headless.add_argument("-o", "--output", default="out", metavar="DIR")
    headless.set_defaults(run=_headless)
    return parser


class Terminated(BaseException):
    """SIGTERM (kill, timeout, a stopped job) during a headless command, raised where the command is, so that what
    it was writing is cleaned up as on Ctrl-C: an atomic write's temporary file removed, worker processes stopped."""


def _terminated(signum, frame) -> None:
    raise Terminated


def main(argv: Sequence[str] | None = None) -> int:
    quiet_blas()
    argv = list(sys.argv[1:] if argv is None else argv)
    before = None
    try:
        if argv and argv[0] in COMMANDS:
            if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
                # headless commands draw (the PDF) with Qt; without a display only the offscreen platform works
                os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
            if threading.current_thread() is threading.main_thread():
                before = signal.signal(signal.SIGTERM, _terminated)
            args = build_parser().parse_args(argv)
            code = args.run(args)
            sys.stdout.flush()  # a closed pipe shows up here, inside the handler below, not at exit
            return code
        return _gui(argv)
    except UserError as exc:
        print(f"keidesigner: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except Terminated:
        return 143
    except BrokenPipeError:
        # the reader went away (`keidesigner check F | head -1`): stop quietly, as other command-line tools do
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except SystemExit as exc:  # argparse's --help and --version (its errors are UsageErrors: Parser)
        return exc.code if isinstance(exc.code, int) else 2
    finally:
        if before is not None:
            signal.signal(signal.SIGTERM, before)


def run() -> None:
    """The `keidesigner` command: main(), then the process ends.

    After a headless command every file is written (atomically, fsynced) and the output flushed; tearing down Qt's
    application, its fonts, numpy and pydantic module by module would only free memory the system takes back anyway,
    and costs 40-80 ms of every run (a third of a `check`). So a headless command ends the process at once. The
    desktop app, and main() called from Python, end the usual way.
    """
    code = main()
    if sys.argv[1:2] and sys.argv[1] in COMMANDS:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except BrokenPipeError:
            code = 141
        os._exit(code)
    sys.exit(code)

