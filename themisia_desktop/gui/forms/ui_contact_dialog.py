# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'contact_dialog.ui'
##
## Created by: Qt User Interface Compiler version 6.12.0
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QApplication, QComboBox, QDialog, QFormLayout,
    QFrame, QGroupBox, QHBoxLayout, QLabel,
    QLineEdit, QPlainTextEdit, QPushButton, QRadioButton,
    QScrollArea, QSizePolicy, QSpacerItem, QStackedWidget,
    QVBoxLayout, QWidget)

class Ui_ContactDialog(object):
    def setupUi(self, ContactDialog):
        if not ContactDialog.objectName():
            ContactDialog.setObjectName(u"ContactDialog")
        ContactDialog.resize(760, 640)
        ContactDialog.setMinimumSize(QSize(680, 520))
        self.main_layout = QVBoxLayout(ContactDialog)
        self.main_layout.setSpacing(10)
        self.main_layout.setObjectName(u"main_layout")
        self.main_layout.setContentsMargins(16, 14, 16, 14)
        self.kind_layout = QHBoxLayout()
        self.kind_layout.setSpacing(18)
        self.kind_layout.setObjectName(u"kind_layout")
        self.kind_caption = QLabel(ContactDialog)
        self.kind_caption.setObjectName(u"kind_caption")

        self.kind_layout.addWidget(self.kind_caption)

        self.person_radio = QRadioButton(ContactDialog)
        self.person_radio.setObjectName(u"person_radio")
        self.person_radio.setChecked(True)

        self.kind_layout.addWidget(self.person_radio)

        self.company_radio = QRadioButton(ContactDialog)
        self.company_radio.setObjectName(u"company_radio")

        self.kind_layout.addWidget(self.company_radio)

        self.jurisdiction_radio = QRadioButton(ContactDialog)
        self.jurisdiction_radio.setObjectName(u"jurisdiction_radio")

        self.kind_layout.addWidget(self.jurisdiction_radio)

        self.kind_spacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.kind_layout.addItem(self.kind_spacer)


        self.main_layout.addLayout(self.kind_layout)

        self.scroll_area = QScrollArea(ContactDialog)
        self.scroll_area.setObjectName(u"scroll_area")
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_contents = QWidget()
        self.scroll_contents.setObjectName(u"scroll_contents")
        self.columns_layout = QHBoxLayout(self.scroll_contents)
        self.columns_layout.setSpacing(12)
        self.columns_layout.setObjectName(u"columns_layout")
        self.columns_layout.setContentsMargins(0, 0, 0, 0)
        self.details_group = QGroupBox(self.scroll_contents)
        self.details_group.setObjectName(u"details_group")
        self.details_group_layout = QVBoxLayout(self.details_group)
        self.details_group_layout.setObjectName(u"details_group_layout")
        self.kind_stack = QStackedWidget(self.details_group)
        self.kind_stack.setObjectName(u"kind_stack")
        self.person_page = QWidget()
        self.person_page.setObjectName(u"person_page")
        self.person_page_layout = QVBoxLayout(self.person_page)
        self.person_page_layout.setObjectName(u"person_page_layout")
        self.person_page_layout.setContentsMargins(0, 0, 0, 0)
        self.person_form = QFormLayout()
        self.person_form.setObjectName(u"person_form")
        self.person_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.person_form.setHorizontalSpacing(10)
        self.person_form.setVerticalSpacing(6)
        self.civility_caption = QLabel(self.person_page)
        self.civility_caption.setObjectName(u"civility_caption")

        self.person_form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.civility_caption)

        self.civility_combo = QComboBox(self.person_page)
        self.civility_combo.setObjectName(u"civility_combo")

        self.person_form.setWidget(0, QFormLayout.ItemRole.FieldRole, self.civility_combo)

        self.last_name_caption = QLabel(self.person_page)
        self.last_name_caption.setObjectName(u"last_name_caption")

        self.person_form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.last_name_caption)

        self.last_name_edit = QLineEdit(self.person_page)
        self.last_name_edit.setObjectName(u"last_name_edit")
        self.last_name_edit.setMaxLength(150)

        self.person_form.setWidget(1, QFormLayout.ItemRole.FieldRole, self.last_name_edit)

        self.first_name_caption = QLabel(self.person_page)
        self.first_name_caption.setObjectName(u"first_name_caption")

        self.person_form.setWidget(2, QFormLayout.ItemRole.LabelRole, self.first_name_caption)

        self.first_name_edit = QLineEdit(self.person_page)
        self.first_name_edit.setObjectName(u"first_name_edit")
        self.first_name_edit.setMaxLength(150)

        self.person_form.setWidget(2, QFormLayout.ItemRole.FieldRole, self.first_name_edit)

        self.birth_date_caption = QLabel(self.person_page)
        self.birth_date_caption.setObjectName(u"birth_date_caption")

        self.person_form.setWidget(3, QFormLayout.ItemRole.LabelRole, self.birth_date_caption)

        self.birth_date_edit = QLineEdit(self.person_page)
        self.birth_date_edit.setObjectName(u"birth_date_edit")
        self.birth_date_edit.setMaxLength(10)

        self.person_form.setWidget(3, QFormLayout.ItemRole.FieldRole, self.birth_date_edit)

        self.birth_place_caption = QLabel(self.person_page)
        self.birth_place_caption.setObjectName(u"birth_place_caption")

        self.person_form.setWidget(4, QFormLayout.ItemRole.LabelRole, self.birth_place_caption)

        self.birth_place_edit = QLineEdit(self.person_page)
        self.birth_place_edit.setObjectName(u"birth_place_edit")
        self.birth_place_edit.setMaxLength(150)

        self.person_form.setWidget(4, QFormLayout.ItemRole.FieldRole, self.birth_place_edit)

        self.nationality_caption = QLabel(self.person_page)
        self.nationality_caption.setObjectName(u"nationality_caption")

        self.person_form.setWidget(5, QFormLayout.ItemRole.LabelRole, self.nationality_caption)

        self.nationality_edit = QLineEdit(self.person_page)
        self.nationality_edit.setObjectName(u"nationality_edit")
        self.nationality_edit.setMaxLength(80)

        self.person_form.setWidget(5, QFormLayout.ItemRole.FieldRole, self.nationality_edit)

        self.profession_caption = QLabel(self.person_page)
        self.profession_caption.setObjectName(u"profession_caption")

        self.person_form.setWidget(6, QFormLayout.ItemRole.LabelRole, self.profession_caption)

        self.profession_edit = QLineEdit(self.person_page)
        self.profession_edit.setObjectName(u"profession_edit")
        self.profession_edit.setMaxLength(150)

        self.person_form.setWidget(6, QFormLayout.ItemRole.FieldRole, self.profession_edit)

        self.id_type_caption = QLabel(self.person_page)
        self.id_type_caption.setObjectName(u"id_type_caption")

        self.person_form.setWidget(7, QFormLayout.ItemRole.LabelRole, self.id_type_caption)

        self.id_type_combo = QComboBox(self.person_page)
        self.id_type_combo.setObjectName(u"id_type_combo")

        self.person_form.setWidget(7, QFormLayout.ItemRole.FieldRole, self.id_type_combo)

        self.id_number_caption = QLabel(self.person_page)
        self.id_number_caption.setObjectName(u"id_number_caption")

        self.person_form.setWidget(8, QFormLayout.ItemRole.LabelRole, self.id_number_caption)

        self.id_number_edit = QLineEdit(self.person_page)
        self.id_number_edit.setObjectName(u"id_number_edit")
        self.id_number_edit.setMaxLength(60)

        self.person_form.setWidget(8, QFormLayout.ItemRole.FieldRole, self.id_number_edit)

        self.id_expires_caption = QLabel(self.person_page)
        self.id_expires_caption.setObjectName(u"id_expires_caption")

        self.person_form.setWidget(9, QFormLayout.ItemRole.LabelRole, self.id_expires_caption)

        self.id_expires_edit = QLineEdit(self.person_page)
        self.id_expires_edit.setObjectName(u"id_expires_edit")
        self.id_expires_edit.setMaxLength(10)

        self.person_form.setWidget(9, QFormLayout.ItemRole.FieldRole, self.id_expires_edit)


        self.person_page_layout.addLayout(self.person_form)

        self.person_page_spacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.person_page_layout.addItem(self.person_page_spacer)

        self.kind_stack.addWidget(self.person_page)
        self.company_page = QWidget()
        self.company_page.setObjectName(u"company_page")
        self.company_page_layout = QVBoxLayout(self.company_page)
        self.company_page_layout.setObjectName(u"company_page_layout")
        self.company_page_layout.setContentsMargins(0, 0, 0, 0)
        self.company_form = QFormLayout()
        self.company_form.setObjectName(u"company_form")
        self.company_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.company_form.setHorizontalSpacing(10)
        self.company_form.setVerticalSpacing(6)
        self.legal_name_caption = QLabel(self.company_page)
        self.legal_name_caption.setObjectName(u"legal_name_caption")

        self.company_form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.legal_name_caption)

        self.legal_name_edit = QLineEdit(self.company_page)
        self.legal_name_edit.setObjectName(u"legal_name_edit")
        self.legal_name_edit.setMaxLength(300)

        self.company_form.setWidget(0, QFormLayout.ItemRole.FieldRole, self.legal_name_edit)

        self.legal_form_caption = QLabel(self.company_page)
        self.legal_form_caption.setObjectName(u"legal_form_caption")

        self.company_form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.legal_form_caption)

        self.legal_form_combo = QComboBox(self.company_page)
        self.legal_form_combo.setObjectName(u"legal_form_combo")
        self.legal_form_combo.setEditable(True)

        self.company_form.setWidget(1, QFormLayout.ItemRole.FieldRole, self.legal_form_combo)

        self.siren_caption = QLabel(self.company_page)
        self.siren_caption.setObjectName(u"siren_caption")

        self.company_form.setWidget(2, QFormLayout.ItemRole.LabelRole, self.siren_caption)

        self.siren_edit = QLineEdit(self.company_page)
        self.siren_edit.setObjectName(u"siren_edit")
        self.siren_edit.setMaxLength(20)

        self.company_form.setWidget(2, QFormLayout.ItemRole.FieldRole, self.siren_edit)

        self.siret_caption = QLabel(self.company_page)
        self.siret_caption.setObjectName(u"siret_caption")

        self.company_form.setWidget(3, QFormLayout.ItemRole.LabelRole, self.siret_caption)

        self.siret_edit = QLineEdit(self.company_page)
        self.siret_edit.setObjectName(u"siret_edit")
        self.siret_edit.setMaxLength(24)

        self.company_form.setWidget(3, QFormLayout.ItemRole.FieldRole, self.siret_edit)

        self.rcs_city_caption = QLabel(self.company_page)
        self.rcs_city_caption.setObjectName(u"rcs_city_caption")

        self.company_form.setWidget(4, QFormLayout.ItemRole.LabelRole, self.rcs_city_caption)

        self.rcs_city_edit = QLineEdit(self.company_page)
        self.rcs_city_edit.setObjectName(u"rcs_city_edit")
        self.rcs_city_edit.setMaxLength(100)

        self.company_form.setWidget(4, QFormLayout.ItemRole.FieldRole, self.rcs_city_edit)

        self.rcs_number_caption = QLabel(self.company_page)
        self.rcs_number_caption.setObjectName(u"rcs_number_caption")

        self.company_form.setWidget(5, QFormLayout.ItemRole.LabelRole, self.rcs_number_caption)

        self.rcs_number_edit = QLineEdit(self.company_page)
        self.rcs_number_edit.setObjectName(u"rcs_number_edit")
        self.rcs_number_edit.setMaxLength(40)

        self.company_form.setWidget(5, QFormLayout.ItemRole.FieldRole, self.rcs_number_edit)

        self.vat_caption = QLabel(self.company_page)
        self.vat_caption.setObjectName(u"vat_caption")

        self.company_form.setWidget(6, QFormLayout.ItemRole.LabelRole, self.vat_caption)

        self.vat_widget = QWidget(self.company_page)
        self.vat_widget.setObjectName(u"vat_widget")
        self.vat_layout = QHBoxLayout(self.vat_widget)
        self.vat_layout.setSpacing(6)
        self.vat_layout.setObjectName(u"vat_layout")
        self.vat_layout.setContentsMargins(0, 0, 0, 0)
        self.vat_edit = QLineEdit(self.vat_widget)
        self.vat_edit.setObjectName(u"vat_edit")
        self.vat_edit.setMaxLength(20)

        self.vat_layout.addWidget(self.vat_edit)

        self.vat_suggest_button = QPushButton(self.vat_widget)
        self.vat_suggest_button.setObjectName(u"vat_suggest_button")
        self.vat_suggest_button.setAutoDefault(False)

        self.vat_layout.addWidget(self.vat_suggest_button)


        self.company_form.setWidget(6, QFormLayout.ItemRole.FieldRole, self.vat_widget)

        self.share_capital_caption = QLabel(self.company_page)
        self.share_capital_caption.setObjectName(u"share_capital_caption")

        self.company_form.setWidget(7, QFormLayout.ItemRole.LabelRole, self.share_capital_caption)

        self.share_capital_edit = QLineEdit(self.company_page)
        self.share_capital_edit.setObjectName(u"share_capital_edit")
        self.share_capital_edit.setMaxLength(24)

        self.company_form.setWidget(7, QFormLayout.ItemRole.FieldRole, self.share_capital_edit)

        self.naf_caption = QLabel(self.company_page)
        self.naf_caption.setObjectName(u"naf_caption")

        self.company_form.setWidget(8, QFormLayout.ItemRole.LabelRole, self.naf_caption)

        self.naf_edit = QLineEdit(self.company_page)
        self.naf_edit.setObjectName(u"naf_edit")
        self.naf_edit.setMaxLength(6)

        self.company_form.setWidget(8, QFormLayout.ItemRole.FieldRole, self.naf_edit)


        self.company_page_layout.addLayout(self.company_form)

        self.company_page_spacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.company_page_layout.addItem(self.company_page_spacer)

        self.kind_stack.addWidget(self.company_page)
        self.jurisdiction_page = QWidget()
        self.jurisdiction_page.setObjectName(u"jurisdiction_page")
        self.jurisdiction_page_layout = QVBoxLayout(self.jurisdiction_page)
        self.jurisdiction_page_layout.setObjectName(u"jurisdiction_page_layout")
        self.jurisdiction_page_layout.setContentsMargins(0, 0, 0, 0)
        self.jurisdiction_form = QFormLayout()
        self.jurisdiction_form.setObjectName(u"jurisdiction_form")
        self.jurisdiction_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.jurisdiction_form.setHorizontalSpacing(10)
        self.jurisdiction_form.setVerticalSpacing(6)
        self.court_type_caption = QLabel(self.jurisdiction_page)
        self.court_type_caption.setObjectName(u"court_type_caption")

        self.jurisdiction_form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.court_type_caption)

        self.court_type_combo = QComboBox(self.jurisdiction_page)
        self.court_type_combo.setObjectName(u"court_type_combo")

        self.jurisdiction_form.setWidget(0, QFormLayout.ItemRole.FieldRole, self.court_type_combo)

        self.court_city_caption = QLabel(self.jurisdiction_page)
        self.court_city_caption.setObjectName(u"court_city_caption")

        self.jurisdiction_form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.court_city_caption)

        self.court_city_edit = QLineEdit(self.jurisdiction_page)
        self.court_city_edit.setObjectName(u"court_city_edit")
        self.court_city_edit.setMaxLength(100)

        self.jurisdiction_form.setWidget(1, QFormLayout.ItemRole.FieldRole, self.court_city_edit)

        self.chamber_caption = QLabel(self.jurisdiction_page)
        self.chamber_caption.setObjectName(u"chamber_caption")

        self.jurisdiction_form.setWidget(2, QFormLayout.ItemRole.LabelRole, self.chamber_caption)

        self.chamber_edit = QLineEdit(self.jurisdiction_page)
        self.chamber_edit.setObjectName(u"chamber_edit")
        self.chamber_edit.setMaxLength(150)

        self.jurisdiction_form.setWidget(2, QFormLayout.ItemRole.FieldRole, self.chamber_edit)

        self.court_name_caption = QLabel(self.jurisdiction_page)
        self.court_name_caption.setObjectName(u"court_name_caption")

        self.jurisdiction_form.setWidget(3, QFormLayout.ItemRole.LabelRole, self.court_name_caption)

        self.court_name_edit = QLineEdit(self.jurisdiction_page)
        self.court_name_edit.setObjectName(u"court_name_edit")
        self.court_name_edit.setMaxLength(250)

        self.jurisdiction_form.setWidget(3, QFormLayout.ItemRole.FieldRole, self.court_name_edit)

        self.registry_phone_caption = QLabel(self.jurisdiction_page)
        self.registry_phone_caption.setObjectName(u"registry_phone_caption")

        self.jurisdiction_form.setWidget(4, QFormLayout.ItemRole.LabelRole, self.registry_phone_caption)

        self.registry_phone_edit = QLineEdit(self.jurisdiction_page)
        self.registry_phone_edit.setObjectName(u"registry_phone_edit")
        self.registry_phone_edit.setMaxLength(30)

        self.jurisdiction_form.setWidget(4, QFormLayout.ItemRole.FieldRole, self.registry_phone_edit)

        self.registry_email_caption = QLabel(self.jurisdiction_page)
        self.registry_email_caption.setObjectName(u"registry_email_caption")

        self.jurisdiction_form.setWidget(5, QFormLayout.ItemRole.LabelRole, self.registry_email_caption)

        self.registry_email_edit = QLineEdit(self.jurisdiction_page)
        self.registry_email_edit.setObjectName(u"registry_email_edit")
        self.registry_email_edit.setMaxLength(254)

        self.jurisdiction_form.setWidget(5, QFormLayout.ItemRole.FieldRole, self.registry_email_edit)


        self.jurisdiction_page_layout.addLayout(self.jurisdiction_form)

        self.jurisdiction_page_spacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.jurisdiction_page_layout.addItem(self.jurisdiction_page_spacer)

        self.kind_stack.addWidget(self.jurisdiction_page)

        self.details_group_layout.addWidget(self.kind_stack)


        self.columns_layout.addWidget(self.details_group)

        self.contact_group = QGroupBox(self.scroll_contents)
        self.contact_group.setObjectName(u"contact_group")
        self.contact_group_layout = QVBoxLayout(self.contact_group)
        self.contact_group_layout.setObjectName(u"contact_group_layout")
        self.common_form = QFormLayout()
        self.common_form.setObjectName(u"common_form")
        self.common_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.common_form.setHorizontalSpacing(10)
        self.common_form.setVerticalSpacing(6)
        self.status_caption = QLabel(self.contact_group)
        self.status_caption.setObjectName(u"status_caption")

        self.common_form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.status_caption)

        self.status_combo = QComboBox(self.contact_group)
        self.status_combo.setObjectName(u"status_combo")

        self.common_form.setWidget(0, QFormLayout.ItemRole.FieldRole, self.status_combo)

        self.email_caption = QLabel(self.contact_group)
        self.email_caption.setObjectName(u"email_caption")

        self.common_form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.email_caption)

        self.email_edit = QLineEdit(self.contact_group)
        self.email_edit.setObjectName(u"email_edit")
        self.email_edit.setMaxLength(254)

        self.common_form.setWidget(1, QFormLayout.ItemRole.FieldRole, self.email_edit)

        self.phone_caption = QLabel(self.contact_group)
        self.phone_caption.setObjectName(u"phone_caption")

        self.common_form.setWidget(2, QFormLayout.ItemRole.LabelRole, self.phone_caption)

        self.phone_edit = QLineEdit(self.contact_group)
        self.phone_edit.setObjectName(u"phone_edit")
        self.phone_edit.setMaxLength(30)

        self.common_form.setWidget(2, QFormLayout.ItemRole.FieldRole, self.phone_edit)

        self.line1_caption = QLabel(self.contact_group)
        self.line1_caption.setObjectName(u"line1_caption")

        self.common_form.setWidget(3, QFormLayout.ItemRole.LabelRole, self.line1_caption)

        self.line1_edit = QLineEdit(self.contact_group)
        self.line1_edit.setObjectName(u"line1_edit")
        self.line1_edit.setMaxLength(200)

        self.common_form.setWidget(3, QFormLayout.ItemRole.FieldRole, self.line1_edit)

        self.line2_caption = QLabel(self.contact_group)
        self.line2_caption.setObjectName(u"line2_caption")

        self.common_form.setWidget(4, QFormLayout.ItemRole.LabelRole, self.line2_caption)

        self.line2_edit = QLineEdit(self.contact_group)
        self.line2_edit.setObjectName(u"line2_edit")
        self.line2_edit.setMaxLength(200)

        self.common_form.setWidget(4, QFormLayout.ItemRole.FieldRole, self.line2_edit)

        self.postal_code_caption = QLabel(self.contact_group)
        self.postal_code_caption.setObjectName(u"postal_code_caption")

        self.common_form.setWidget(5, QFormLayout.ItemRole.LabelRole, self.postal_code_caption)

        self.postal_code_edit = QLineEdit(self.contact_group)
        self.postal_code_edit.setObjectName(u"postal_code_edit")
        self.postal_code_edit.setMaxLength(10)

        self.common_form.setWidget(5, QFormLayout.ItemRole.FieldRole, self.postal_code_edit)

        self.city_caption = QLabel(self.contact_group)
        self.city_caption.setObjectName(u"city_caption")

        self.common_form.setWidget(6, QFormLayout.ItemRole.LabelRole, self.city_caption)

        self.city_edit = QLineEdit(self.contact_group)
        self.city_edit.setObjectName(u"city_edit")
        self.city_edit.setMaxLength(100)

        self.common_form.setWidget(6, QFormLayout.ItemRole.FieldRole, self.city_edit)

        self.notes_caption = QLabel(self.contact_group)
        self.notes_caption.setObjectName(u"notes_caption")

        self.common_form.setWidget(7, QFormLayout.ItemRole.LabelRole, self.notes_caption)

        self.notes_edit = QPlainTextEdit(self.contact_group)
        self.notes_edit.setObjectName(u"notes_edit")
        self.notes_edit.setMaximumSize(QSize(16777215, 90))
        self.notes_edit.setTabChangesFocus(True)

        self.common_form.setWidget(7, QFormLayout.ItemRole.FieldRole, self.notes_edit)


        self.contact_group_layout.addLayout(self.common_form)

        self.contact_spacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.contact_group_layout.addItem(self.contact_spacer)


        self.columns_layout.addWidget(self.contact_group)

        self.scroll_area.setWidget(self.scroll_contents)

        self.main_layout.addWidget(self.scroll_area)

        self.duplicate_frame = QFrame(ContactDialog)
        self.duplicate_frame.setObjectName(u"duplicate_frame")
        self.duplicate_frame.setVisible(False)
        self.duplicate_frame.setProperty(u"role", u"notice")
        self.duplicate_layout = QVBoxLayout(self.duplicate_frame)
        self.duplicate_layout.setSpacing(4)
        self.duplicate_layout.setObjectName(u"duplicate_layout")
        self.duplicate_title = QLabel(self.duplicate_frame)
        self.duplicate_title.setObjectName(u"duplicate_title")
        self.duplicate_title.setStyleSheet(u"font-weight: 600;")

        self.duplicate_layout.addWidget(self.duplicate_title)

        self.duplicate_list = QLabel(self.duplicate_frame)
        self.duplicate_list.setObjectName(u"duplicate_list")
        self.duplicate_list.setWordWrap(True)
        self.duplicate_list.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.duplicate_layout.addWidget(self.duplicate_list)


        self.main_layout.addWidget(self.duplicate_frame)

        self.error_label = QLabel(ContactDialog)
        self.error_label.setObjectName(u"error_label")
        self.error_label.setVisible(False)
        self.error_label.setWordWrap(True)
        self.error_label.setProperty(u"role", u"error")

        self.main_layout.addWidget(self.error_label)

        self.button_layout = QHBoxLayout()
        self.button_layout.setObjectName(u"button_layout")
        self.busy_label = QLabel(ContactDialog)
        self.busy_label.setObjectName(u"busy_label")
        self.busy_label.setVisible(False)
        self.busy_label.setWordWrap(True)
        self.busy_label.setProperty(u"role", u"hint")

        self.button_layout.addWidget(self.busy_label)

        self.button_spacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.button_layout.addItem(self.button_spacer)

        self.cancel_button = QPushButton(ContactDialog)
        self.cancel_button.setObjectName(u"cancel_button")
        self.cancel_button.setAutoDefault(False)

        self.button_layout.addWidget(self.cancel_button)

        self.save_button = QPushButton(ContactDialog)
        self.save_button.setObjectName(u"save_button")

        self.button_layout.addWidget(self.save_button)


        self.main_layout.addLayout(self.button_layout)

#if QT_CONFIG(shortcut)
        self.civility_caption.setBuddy(self.civility_combo)
        self.last_name_caption.setBuddy(self.last_name_edit)
        self.first_name_caption.setBuddy(self.first_name_edit)
        self.birth_date_caption.setBuddy(self.birth_date_edit)
        self.birth_place_caption.setBuddy(self.birth_place_edit)
        self.nationality_caption.setBuddy(self.nationality_edit)
        self.profession_caption.setBuddy(self.profession_edit)
        self.id_type_caption.setBuddy(self.id_type_combo)
        self.id_number_caption.setBuddy(self.id_number_edit)
        self.id_expires_caption.setBuddy(self.id_expires_edit)
        self.legal_name_caption.setBuddy(self.legal_name_edit)
        self.legal_form_caption.setBuddy(self.legal_form_combo)
        self.siren_caption.setBuddy(self.siren_edit)
        self.siret_caption.setBuddy(self.siret_edit)
        self.rcs_city_caption.setBuddy(self.rcs_city_edit)
        self.rcs_number_caption.setBuddy(self.rcs_number_edit)
        self.vat_caption.setBuddy(self.vat_edit)
        self.share_capital_caption.setBuddy(self.share_capital_edit)
        self.naf_caption.setBuddy(self.naf_edit)
        self.court_type_caption.setBuddy(self.court_type_combo)
        self.court_city_caption.setBuddy(self.court_city_edit)
        self.chamber_caption.setBuddy(self.chamber_edit)
        self.court_name_caption.setBuddy(self.court_name_edit)
        self.registry_phone_caption.setBuddy(self.registry_phone_edit)
        self.registry_email_caption.setBuddy(self.registry_email_edit)
        self.status_caption.setBuddy(self.status_combo)
        self.email_caption.setBuddy(self.email_edit)
        self.phone_caption.setBuddy(self.phone_edit)
        self.line1_caption.setBuddy(self.line1_edit)
        self.line2_caption.setBuddy(self.line2_edit)
        self.postal_code_caption.setBuddy(self.postal_code_edit)
        self.city_caption.setBuddy(self.city_edit)
        self.notes_caption.setBuddy(self.notes_edit)
#endif // QT_CONFIG(shortcut)

        self.retranslateUi(ContactDialog)

        self.kind_stack.setCurrentIndex(0)
        self.save_button.setDefault(True)


        QMetaObject.connectSlotsByName(ContactDialog)
    # setupUi

    def retranslateUi(self, ContactDialog):
        ContactDialog.setWindowTitle(QCoreApplication.translate("ContactDialog", u"Nouveau contact", None))
        self.kind_caption.setText(QCoreApplication.translate("ContactDialog", u"Typologie :", None))
        self.person_radio.setText(QCoreApplication.translate("ContactDialog", u"Personne ph&ysique", None))
        self.company_radio.setText(QCoreApplication.translate("ContactDialog", u"Personne mo&rale", None))
        self.jurisdiction_radio.setText(QCoreApplication.translate("ContactDialog", u"&Juridiction", None))
        self.details_group.setTitle(QCoreApplication.translate("ContactDialog", u"Personne physique", None))
        self.civility_caption.setText(QCoreApplication.translate("ContactDialog", u"&Civilit\u00e9", None))
        self.last_name_caption.setText(QCoreApplication.translate("ContactDialog", u"&Nom *", None))
        self.first_name_caption.setText(QCoreApplication.translate("ContactDialog", u"&Pr\u00e9nom", None))
        self.birth_date_caption.setText(QCoreApplication.translate("ContactDialog", u"Date de &naissance", None))
        self.birth_date_edit.setPlaceholderText(QCoreApplication.translate("ContactDialog", u"JJ/MM/AAAA", None))
        self.birth_place_caption.setText(QCoreApplication.translate("ContactDialog", u"&Lieu de naissance", None))
        self.nationality_caption.setText(QCoreApplication.translate("ContactDialog", u"Nationalit&\u00e9", None))
        self.profession_caption.setText(QCoreApplication.translate("ContactDialog", u"Pro&fession", None))
        self.id_type_caption.setText(QCoreApplication.translate("ContactDialog", u"Pi\u00e8ce d'&identit\u00e9", None))
        self.id_number_caption.setText(QCoreApplication.translate("ContactDialog", u"N\u00b0 de la pi\u00e8ce", None))
        self.id_expires_caption.setText(QCoreApplication.translate("ContactDialog", u"E&xpire le", None))
        self.id_expires_edit.setPlaceholderText(QCoreApplication.translate("ContactDialog", u"JJ/MM/AAAA", None))
        self.legal_name_caption.setText(QCoreApplication.translate("ContactDialog", u"&D\u00e9nomination *", None))
        self.legal_form_caption.setText(QCoreApplication.translate("ContactDialog", u"&Forme juridique", None))
        self.siren_caption.setText(QCoreApplication.translate("ContactDialog", u"&SIREN", None))
        self.siren_edit.setPlaceholderText(QCoreApplication.translate("ContactDialog", u"9 chiffres", None))
        self.siret_caption.setText(QCoreApplication.translate("ContactDialog", u"SIRE&T", None))
        self.siret_edit.setPlaceholderText(QCoreApplication.translate("ContactDialog", u"14 chiffres (si\u00e8ge ou \u00e9tablissement)", None))
        self.rcs_city_caption.setText(QCoreApplication.translate("ContactDialog", u"&Greffe du RCS", None))
        self.rcs_city_edit.setPlaceholderText(QCoreApplication.translate("ContactDialog", u"ville du greffe", None))
        self.rcs_number_caption.setText(QCoreApplication.translate("ContactDialog", u"N\u00b0 &RCS", None))
        self.rcs_number_edit.setPlaceholderText(QCoreApplication.translate("ContactDialog", u"ex. RCS Lyon 552 008 443", None))
        self.vat_caption.setText(QCoreApplication.translate("ContactDialog", u"N\u00b0 de T&VA", None))
        self.vat_edit.setPlaceholderText(QCoreApplication.translate("ContactDialog", u"FR + 11 caract\u00e8res", None))
#if QT_CONFIG(tooltip)
        self.vat_suggest_button.setToolTip(QCoreApplication.translate("ContactDialog", u"Calculer le num\u00e9ro de TVA fran\u00e7ais \u00e0 partir du SIREN", None))
#endif // QT_CONFIG(tooltip)
        self.vat_suggest_button.setText(QCoreApplication.translate("ContactDialog", u"Proposer", None))
        self.share_capital_caption.setText(QCoreApplication.translate("ContactDialog", u"&Capital social", None))
        self.share_capital_edit.setPlaceholderText(QCoreApplication.translate("ContactDialog", u"ex. 10 000,00 \u20ac", None))
        self.naf_caption.setText(QCoreApplication.translate("ContactDialog", u"Code &NAF", None))
        self.naf_edit.setPlaceholderText(QCoreApplication.translate("ContactDialog", u"ex. 6910Z", None))
        self.court_type_caption.setText(QCoreApplication.translate("ContactDialog", u"&Type *", None))
        self.court_city_caption.setText(QCoreApplication.translate("ContactDialog", u"&Ville", None))
        self.chamber_caption.setText(QCoreApplication.translate("ContactDialog", u"C&hambre", None))
        self.chamber_edit.setPlaceholderText(QCoreApplication.translate("ContactDialog", u"ex. 3e chambre civile", None))
        self.court_name_caption.setText(QCoreApplication.translate("ContactDialog", u"N&om", None))
        self.registry_phone_caption.setText(QCoreApplication.translate("ContactDialog", u"T\u00e9l. du &greffe", None))
        self.registry_email_caption.setText(QCoreApplication.translate("ContactDialog", u"E-&mail du greffe", None))
        self.contact_group.setTitle(QCoreApplication.translate("ContactDialog", u"Coordonn\u00e9es", None))
        self.status_caption.setText(QCoreApplication.translate("ContactDialog", u"Stat&ut", None))
        self.email_caption.setText(QCoreApplication.translate("ContactDialog", u"&E-mail", None))
        self.email_edit.setPlaceholderText(QCoreApplication.translate("ContactDialog", u"nom@exemple.fr", None))
        self.phone_caption.setText(QCoreApplication.translate("ContactDialog", u"T\u00e9l\u00e9p&hone", None))
        self.phone_edit.setPlaceholderText(QCoreApplication.translate("ContactDialog", u"ex. 06 12 34 56 78", None))
        self.line1_caption.setText(QCoreApplication.translate("ContactDialog", u"&Adresse", None))
        self.line1_edit.setPlaceholderText(QCoreApplication.translate("ContactDialog", u"n\u00b0 et voie", None))
        self.line2_caption.setText(QCoreApplication.translate("ContactDialog", u"Co&mpl\u00e9ment", None))
        self.line2_edit.setPlaceholderText(QCoreApplication.translate("ContactDialog", u"b\u00e2timent, \u00e9tage, BP\u2026", None))
        self.postal_code_caption.setText(QCoreApplication.translate("ContactDialog", u"Code post&al", None))
        self.city_caption.setText(QCoreApplication.translate("ContactDialog", u"V&ille", None))
        self.notes_caption.setText(QCoreApplication.translate("ContactDialog", u"Note&s", None))
        self.duplicate_title.setText(QCoreApplication.translate("ContactDialog", u"Doublon possible", None))
        self.duplicate_list.setText("")
        self.error_label.setText("")
        self.busy_label.setText("")
        self.cancel_button.setText(QCoreApplication.translate("ContactDialog", u"Annuler", None))
        self.save_button.setText(QCoreApplication.translate("ContactDialog", u"&Enregistrer", None))
    # retranslateUi

