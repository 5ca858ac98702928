"""First start: create the firm and its administrator, or load the demonstration firm."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QProgressBar, QWidget, QWizard, QWizardPage

from themisia_desktop.context import AppContext
from themisia_desktop.core.errors import ThemisiaError, ValidationError
from themisia_desktop.core.firm.passwords import MIN_LENGTH, check_strength
from themisia_desktop.core.firm.setup import FirmInput, create_firm, validate_firm
from themisia_desktop.core.firm.users import NewUser, UserInfo, authenticate, validate_new_user
from themisia_desktop.core.models.enums import UserCategory
from themisia_desktop.gui.field_errors import FieldErrors, error_label
from themisia_desktop.gui.forms.ui_first_start_wizard import Ui_FirstStartWizard
from themisia_desktop.gui.busy_guard import CloseWhenIdle
from themisia_desktop.gui.worker import Worker

PASSWORDS_DIFFER = "Les deux mots de passe ne correspondent pas."
DEMO_CONTACTS = 2000
DEMO_SEED = 1

PAGE_CHOICE, PAGE_FIRM, PAGE_ADMIN = 0, 1, 2


class _PageStatus:
    """A busy bar and a page-level error line at the bottom of a wizard page."""

    def __init__(self, page: QWizardPage, name: str) -> None:
        layout = page.layout()
        self.error = error_label(page, name=f"{name}_error")
        self.busy_label = QLabel(page)
        self.busy_label.setProperty("role", "hint")
        self.busy_label.hide()
        self.bar = QProgressBar(page)
        self.bar.setRange(0, 0)  # indeterminate
        self.bar.setTextVisible(False)
        self.bar.setMaximumHeight(8)
        self.bar.hide()
        for w in (self.error, self.busy_label, self.bar):
            layout.addWidget(w)

    def set_busy(self, text: str | None) -> None:
        self.busy_label.setText(text or "")
        self.busy_label.setVisible(bool(text))
        self.bar.setVisible(bool(text))

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    def clear(self) -> None:
        self.error.hide()


class FirstStartWizard(CloseWhenIdle, QWizard):
    """Emits ``completed(UserInfo)`` — the user now logged in — then closes (accepted)."""

    completed = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.ui = ui = Ui_FirstStartWizard()
        ui.setupUi(self)
        self.setButtonText(QWizard.WizardButton.NextButton, "&Suivant >")
        self.setButtonText(QWizard.WizardButton.BackButton, "< &Précédent")
        self.setButtonText(QWizard.WizardButton.FinishButton, "&Terminer")
        self.setButtonText(QWizard.WizardButton.CancelButton, "Annuler")
        self._worker = Worker(self)
        self._user: UserInfo | None = None
        for value, label in UserCategory.choices():
            ui.category_edit.addItem(label, value)
        ui.password_hint.setText(
            f"Au moins {MIN_LENGTH} caractères. Choisissez une phrase facile à retenir pour "
            "vous et difficile à deviner pour les autres.")
        self.firm_errors = FieldErrors(ui.firm_form, {
            "name": ui.firm_name_edit, "address_line1": ui.address_edit,
            "postal_code": ui.postal_code_edit, "city": ui.city_edit, "siren": ui.siren_edit,
            "email": ui.firm_email_edit, "phone": ui.phone_edit, "bar": ui.bar_edit,
        })
        self.admin_errors = FieldErrors(ui.admin_form, {
            "first_name": ui.first_name_edit, "last_name": ui.last_name_edit,
            "login": ui.login_edit, "email": ui.admin_email_edit, "category": ui.category_edit,
            "password": ui.password_edit, "password_confirm": ui.password_confirm_edit,
        })
        self._status = {PAGE_CHOICE: _PageStatus(ui.page_choice, "choice"),
                        PAGE_FIRM: _PageStatus(ui.page_firm, "firm"),
                        PAGE_ADMIN: _PageStatus(ui.page_admin, "admin")}
        # setFinalPage() makes the wizard swap « Suivant » for « Terminer » at once.
        ui.demo_radio.toggled.connect(ui.page_choice.setFinalPage)

    # -- navigation --------------------------------------------------------------------------
    @property
    def demo_chosen(self) -> bool:
        return self.ui.demo_radio.isChecked()

    @property
    def busy(self) -> bool:
        return self._worker.busy

    def nextId(self) -> int:  # noqa: N802 (Qt API)
        if self.currentId() == PAGE_CHOICE and self.demo_chosen:
            return -1
        return super().nextId()

    def validateCurrentPage(self) -> bool:  # noqa: N802 (Qt API)
        if self._user is not None:
            return True  # the work is done: let the wizard close
        if self.busy:
            return False
        page = self.currentId()
        self._status[page].clear()
        if page == PAGE_CHOICE:
            if self.demo_chosen:
                self._start_demo()
                return False
            return True
        if page == PAGE_FIRM:
            return self._check(self.firm_errors, lambda: validate_firm(self.firm_input()))
        if page == PAGE_ADMIN:
            if self._check(self.admin_errors, self._validate_admin):
                self._start_creation()
            return False
        return True

    # -- reading the pages ---------------------------------------------------------------------
    def firm_input(self) -> FirmInput:
        ui = self.ui

        def opt(edit) -> str | None:  # noqa: ANN001
            return edit.text().strip() or None

        return FirmInput(name=ui.firm_name_edit.text(), address_line1=opt(ui.address_edit),
                         postal_code=opt(ui.postal_code_edit), city=opt(ui.city_edit),
                         siren=opt(ui.siren_edit), email=opt(ui.firm_email_edit),
                         phone=opt(ui.phone_edit), bar=opt(ui.bar_edit))

    def admin_input(self) -> NewUser:
        ui = self.ui
        return NewUser(login=ui.login_edit.text(), password=ui.password_edit.text(),
                       first_name=ui.first_name_edit.text(), last_name=ui.last_name_edit.text(),
                       category=ui.category_edit.currentData(),
                       email=ui.admin_email_edit.text().strip() or None)

    def _validate_admin(self) -> None:
        validate_new_user(self.admin_input())
        check_strength(self.ui.password_edit.text())
        if self.ui.password_edit.text() != self.ui.password_confirm_edit.text():
            raise ValidationError(PASSWORDS_DIFFER, field="password_confirm")

    def _check(self, errors: FieldErrors, validate) -> bool:  # noqa: ANN001
        errors.clear()
        try:
            validate()
        except ValidationError as exc:
            self._show_validation(errors, exc)
            return False
        return True

    def _show_validation(self, errors: FieldErrors, exc: ValidationError) -> None:
        if errors.has(exc.field):
            errors.show(exc.field, exc.message)
        else:
            self._status[self.currentId()].show_error(exc.message)

    # -- background work -----------------------------------------------------------------------
    def _start_creation(self) -> None:
        ctx, firm, admin = self._ctx, self.firm_input(), self.admin_input()

        def work() -> UserInfo:
            user = create_firm(ctx.db, ctx.clock, firm, admin, with_automations=True)
            ctx.settings.last_login = user.login
            ctx.save_settings()
            return user

        self._set_busy("Création du cabinet et de votre compte…")
        self._worker.submit(work, self._on_done, self._on_failed)

    def _start_demo(self) -> None:
        ctx = self._ctx

        def work() -> UserInfo:
            # Imported here: the generator is only needed on this path.
            from themisia_desktop.core.demo import generate_demo

            summary = generate_demo(ctx.db, ctx.clock, contacts=DEMO_CONTACTS, seed=DEMO_SEED)
            login, password, _full_name = summary.users[0]
            user = authenticate(ctx.db, ctx.clock, login, password)
            ctx.settings.last_login = user.login
            ctx.save_settings()
            return user

        self._set_busy("Création du cabinet de démonstration… (cela peut prendre une minute)")
        self._worker.submit(work, self._on_done, self._on_failed)

    def _set_busy(self, text: str | None) -> None:
        self._status[self.currentId()].set_busy(text)
        for which in (QWizard.WizardButton.BackButton, QWizard.WizardButton.NextButton,
                      QWizard.WizardButton.FinishButton, QWizard.WizardButton.CancelButton):
            self.button(which).setEnabled(text is None)
        self.currentPage().setEnabled(text is None)
        if text:
            self.setCursor(Qt.CursorShape.BusyCursor)
        else:
            self.unsetCursor()

    def _on_done(self, user: UserInfo) -> None:
        self._set_busy(None)
        self._user = user
        self.completed.emit(user)
        self.accept()

    def _on_failed(self, exc: BaseException) -> None:
        self._set_busy(None)
        page = self.currentId()
        if isinstance(exc, ValidationError) and page == PAGE_ADMIN:
            self._show_validation(self.admin_errors, exc)
        elif isinstance(exc, ThemisiaError):
            self._status[page].show_error(str(exc))
        elif isinstance(exc, ImportError) and self.demo_chosen:
            self._status[page].show_error(
                "Le cabinet de démonstration n'est pas disponible dans cette version.")
        else:
            self._status[page].show_error(f"L'opération a échoué : {exc}")
