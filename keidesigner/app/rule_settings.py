"""Rules ▸ Rule Settings…: the figures and readings no regulation settles, where the user can see and change them.

The form is generated from RuleSettings' field metadata (title, unit, bounds, description as tooltip), as the
parameter forms are from the design's; the values persist in QSettings under "rules/<name>".
"""

from __future__ import annotations

from enum import Enum

from pydantic import ValidationError
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from ..common import UserError
from ..design.edit import problem
from ..design.fieldspec import _spec
from ..design.units import Formatter
from ..rules import RuleSettings
from ..rules.settings import OCCUPANT_LABEL, Occupant, PairedReading
from .editors import choice_label
from .quantity import QuantitySpinBox

PREFIX = "rules/"
# how a setting's choices read; a choice of an enum not listed reads as its value, capitalised
CHOICE_LABELS: dict[type[Enum], dict] = {
    Occupant: OCCUPANT_LABEL,
    PairedReading: {PairedReading.us: "The US customary figure", PairedReading.metric: "The metric figure",
                    PairedReading.either: "Whichever lets the vehicle pass"},
}


def setting_choice_label(member: Enum) -> str:
    return CHOICE_LABELS.get(type(member), {}).get(member) or choice_label(str(member.value))


def load_rule_settings(settings: QSettings) -> RuleSettings:
    """The stored rule settings; a value that no longer validates falls back to its default."""
    values = {}
    for name in RuleSettings.model_fields:
        stored = settings.value(PREFIX + name)
        if stored is None:
            continue
        try:
            values[name] = RuleSettings.model_validate({name: stored}).__getattribute__(name)
        except (ValueError, TypeError):
            continue
    return RuleSettings.model_validate(values)


def save_rule_settings(settings: QSettings, rules: RuleSettings) -> None:
    for name in RuleSettings.model_fields:
        value = getattr(rules, name)
        settings.setValue(PREFIX + name, value.value if isinstance(value, Enum) else value)


class RuleSettingsDialog(QDialog):
    def __init__(self, rules: RuleSettings, fmt: Formatter, parent: QWidget | None = None):
        super().__init__(parent)
        self.fmt = fmt
        self.setWindowTitle("Rule settings")
        self.setObjectName("rule_settings")
        self.editors: dict[str, QWidget] = {}
        layout = QVBoxLayout(self)
        intro = QLabel("Figures and readings no regulation settles. They change screening and advisory findings, "
                       "and how a limit stated in two units is applied; the report states the values used.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        for name, info in RuleSettings.model_fields.items():
            value = getattr(rules, name)
            if isinstance(value, Enum):
                editor = QComboBox()
                for member in type(value):
                    editor.addItem(setting_choice_label(member), member.value)
                editor.setCurrentIndex(editor.findData(value.value))
            else:
                spec = _spec(name, RuleSettings, name)
                editor = QuantitySpinBox(spec, fmt)
                editor.set_stored(value)
                editor.refused.connect(lambda why, title=info.title or name: self.show_error(f"{title}: {why}"))
            editor.setObjectName(name)
            editor.setToolTip(info.description or "")
            self.editors[name] = editor
            label = QLabel(info.title or name)
            label.setToolTip(info.description or "")
            form.addRow(label, editor)
        layout.addLayout(form)
        self.error = QLabel()
        self.error.setObjectName("rule_settings_error")
        self.error.setStyleSheet("color: #c62828;")
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error)
        self.accepted_rules: RuleSettings | None = None
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
                                   | QDialogButtonBox.StandardButton.RestoreDefaults)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults).clicked.connect(self.restore_defaults)
        layout.addWidget(buttons)
        self.resize(560, self.sizeHint().height())

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    def accept(self) -> None:
        """OK closes the dialog only with settings that hold; otherwise it says what is wrong and stays."""
        try:
            self.accepted_rules = self.rules()
        except UserError as exc:
            self.show_error(str(exc))
            return
        super().accept()

    def restore_defaults(self) -> None:
        self._show(RuleSettings())

    def _show(self, rules: RuleSettings) -> None:
        for name, editor in self.editors.items():
            value = getattr(rules, name)
            if isinstance(editor, QComboBox):
                editor.setCurrentIndex(editor.findData(value.value))
            else:
                editor.set_stored(value)

    def rules(self) -> RuleSettings:
        """The settings as edited; raises UserError (one line naming the setting and why) for a value typed that is
        not a number, or that the settings refuse."""
        values = {}
        for name, editor in self.editors.items():
            title = RuleSettings.model_fields[name].title or name
            if isinstance(editor, QComboBox):
                values[name] = editor.currentData()
                continue
            text = editor.lineEdit().text()
            if text != editor.text_for(editor.stored()):
                value, why = editor.interpret(text)
                if why is not None:
                    raise UserError(f"{title}: {why}")
                editor.set_stored(value)
            values[name] = editor.stored()
        try:
            return RuleSettings.model_validate(values)
        except ValidationError as exc:
            path, why = problem(exc)
            title = RuleSettings.model_fields[path].title if path in RuleSettings.model_fields else path
            raise UserError(f"{title}: {why.render(self.fmt)}") from None
