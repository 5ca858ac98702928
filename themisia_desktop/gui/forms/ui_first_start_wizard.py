# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'first_start_wizard.ui'
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
from PySide6.QtWidgets import (QApplication, QComboBox, QFormLayout, QLabel,
    QLineEdit, QRadioButton, QSizePolicy, QSpacerItem,
    QVBoxLayout, QWidget, QWizard, QWizardPage)

class Ui_FirstStartWizard(object):
    def setupUi(self, FirstStartWizard):
        if not FirstStartWizard.objectName():
            FirstStartWizard.setObjectName(u"FirstStartWizard")
        FirstStartWizard.resize(640, 560)
        FirstStartWizard.setMinimumSize(QSize(600, 520))
        FirstStartWizard.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        FirstStartWizard.setOptions(QWizard.WizardOption.NoBackButtonOnStartPage)
        self.page_choice = QWizardPage()
        self.page_choice.setObjectName(u"page_choice")
        self.page_choice_layout = QVBoxLayout(self.page_choice)
        self.page_choice_layout.setSpacing(10)
        self.page_choice_layout.setObjectName(u"page_choice_layout")
        self.create_radio = QRadioButton(self.page_choice)
        self.create_radio.setObjectName(u"create_radio")
        self.create_radio.setChecked(True)

        self.page_choice_layout.addWidget(self.create_radio)

        self.create_hint = QLabel(self.page_choice)
        self.create_hint.setObjectName(u"create_hint")
        self.create_hint.setWordWrap(True)
        self.create_hint.setProperty(u"role", u"hint")

        self.page_choice_layout.addWidget(self.create_hint)

        self.choice_gap = QSpacerItem(0, 12, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)

        self.page_choice_layout.addItem(self.choice_gap)

        self.demo_radio = QRadioButton(self.page_choice)
        self.demo_radio.setObjectName(u"demo_radio")

        self.page_choice_layout.addWidget(self.demo_radio)

        self.demo_hint = QLabel(self.page_choice)
        self.demo_hint.setObjectName(u"demo_hint")
        self.demo_hint.setWordWrap(True)
        self.demo_hint.setProperty(u"role", u"hint")

        self.page_choice_layout.addWidget(self.demo_hint)

        self.choice_spacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.page_choice_layout.addItem(self.choice_spacer)

        FirstStartWizard.addPage(self.page_choice)
        self.page_firm = QWizardPage()
        self.page_firm.setObjectName(u"page_firm")
        self.page_firm_layout = QVBoxLayout(self.page_firm)
        self.page_firm_layout.setSpacing(10)
        self.page_firm_layout.setObjectName(u"page_firm_layout")
        self.firm_form = QFormLayout()
        self.firm_form.setObjectName(u"firm_form")
        self.firm_form.setHorizontalSpacing(14)
        self.firm_form.setVerticalSpacing(8)
        self.firm_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.firm_name_caption = QLabel(self.page_firm)
        self.firm_name_caption.setObjectName(u"firm_name_caption")

        self.firm_form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.firm_name_caption)

        self.firm_name_edit = QLineEdit(self.page_firm)
        self.firm_name_edit.setObjectName(u"firm_name_edit")
        self.firm_name_edit.setMaxLength(200)

        self.firm_form.setWidget(0, QFormLayout.ItemRole.FieldRole, self.firm_name_edit)

        self.address_caption = QLabel(self.page_firm)
        self.address_caption.setObjectName(u"address_caption")

        self.firm_form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.address_caption)

        self.address_edit = QLineEdit(self.page_firm)
        self.address_edit.setObjectName(u"address_edit")
        self.address_edit.setMaxLength(200)

        self.firm_form.setWidget(1, QFormLayout.ItemRole.FieldRole, self.address_edit)

        self.postal_code_caption = QLabel(self.page_firm)
        self.postal_code_caption.setObjectName(u"postal_code_caption")

        self.firm_form.setWidget(2, QFormLayout.ItemRole.LabelRole, self.postal_code_caption)

        self.postal_code_edit = QLineEdit(self.page_firm)
        self.postal_code_edit.setObjectName(u"postal_code_edit")
        self.postal_code_edit.setMaxLength(5)

        self.firm_form.setWidget(2, QFormLayout.ItemRole.FieldRole, self.postal_code_edit)

        self.city_caption = QLabel(self.page_firm)
        self.city_caption.setObjectName(u"city_caption")

        self.firm_form.setWidget(3, QFormLayout.ItemRole.LabelRole, self.city_caption)

        self.city_edit = QLineEdit(self.page_firm)
        self.city_edit.setObjectName(u"city_edit")
        self.city_edit.setMaxLength(100)

        self.firm_form.setWidget(3, QFormLayout.ItemRole.FieldRole, self.city_edit)

        self.siren_caption = QLabel(self.page_firm)
        self.siren_caption.setObjectName(u"siren_caption")

        self.firm_form.setWidget(4, QFormLayout.ItemRole.LabelRole, self.siren_caption)

        self.siren_edit = QLineEdit(self.page_firm)
        self.siren_edit.setObjectName(u"siren_edit")
        self.siren_edit.setMaxLength(11)

        self.firm_form.setWidget(4, QFormLayout.ItemRole.FieldRole, self.siren_edit)

        self.firm_email_caption = QLabel(self.page_firm)
        self.firm_email_caption.setObjectName(u"firm_email_caption")

        self.firm_form.setWidget(5, QFormLayout.ItemRole.LabelRole, self.firm_email_caption)

        self.firm_email_edit = QLineEdit(self.page_firm)
        self.firm_email_edit.setObjectName(u"firm_email_edit")
        self.firm_email_edit.setMaxLength(200)

        self.firm_form.setWidget(5, QFormLayout.ItemRole.FieldRole, self.firm_email_edit)

        self.phone_caption = QLabel(self.page_firm)
        self.phone_caption.setObjectName(u"phone_caption")

        self.firm_form.setWidget(6, QFormLayout.ItemRole.LabelRole, self.phone_caption)

        self.phone_edit = QLineEdit(self.page_firm)
        self.phone_edit.setObjectName(u"phone_edit")
        self.phone_edit.setMaxLength(30)

        self.firm_form.setWidget(6, QFormLayout.ItemRole.FieldRole, self.phone_edit)

        self.bar_caption = QLabel(self.page_firm)
        self.bar_caption.setObjectName(u"bar_caption")

        self.firm_form.setWidget(7, QFormLayout.ItemRole.LabelRole, self.bar_caption)

        self.bar_edit = QLineEdit(self.page_firm)
        self.bar_edit.setObjectName(u"bar_edit")
        self.bar_edit.setMaxLength(100)

        self.firm_form.setWidget(7, QFormLayout.ItemRole.FieldRole, self.bar_edit)


        self.page_firm_layout.addLayout(self.firm_form)

        self.firm_required_hint = QLabel(self.page_firm)
        self.firm_required_hint.setObjectName(u"firm_required_hint")
        self.firm_required_hint.setWordWrap(True)
        self.firm_required_hint.setProperty(u"role", u"hint")

        self.page_firm_layout.addWidget(self.firm_required_hint)

        self.firm_spacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.page_firm_layout.addItem(self.firm_spacer)

        FirstStartWizard.addPage(self.page_firm)
        self.page_admin = QWizardPage()
        self.page_admin.setObjectName(u"page_admin")
        self.page_admin_layout = QVBoxLayout(self.page_admin)
        self.page_admin_layout.setSpacing(10)
        self.page_admin_layout.setObjectName(u"page_admin_layout")
        self.admin_form = QFormLayout()
        self.admin_form.setObjectName(u"admin_form")
        self.admin_form.setHorizontalSpacing(14)
        self.admin_form.setVerticalSpacing(8)
        self.admin_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.first_name_caption = QLabel(self.page_admin)
        self.first_name_caption.setObjectName(u"first_name_caption")

        self.admin_form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.first_name_caption)

        self.first_name_edit = QLineEdit(self.page_admin)
        self.first_name_edit.setObjectName(u"first_name_edit")
        self.first_name_edit.setMaxLength(100)

        self.admin_form.setWidget(0, QFormLayout.ItemRole.FieldRole, self.first_name_edit)

        self.last_name_caption = QLabel(self.page_admin)
        self.last_name_caption.setObjectName(u"last_name_caption")

        self.admin_form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.last_name_caption)

        self.last_name_edit = QLineEdit(self.page_admin)
        self.last_name_edit.setObjectName(u"last_name_edit")
        self.last_name_edit.setMaxLength(100)

        self.admin_form.setWidget(1, QFormLayout.ItemRole.FieldRole, self.last_name_edit)

        self.login_caption = QLabel(self.page_admin)
        self.login_caption.setObjectName(u"login_caption")

        self.admin_form.setWidget(2, QFormLayout.ItemRole.LabelRole, self.login_caption)

        self.login_edit = QLineEdit(self.page_admin)
        self.login_edit.setObjectName(u"login_edit")
        self.login_edit.setMaxLength(64)

        self.admin_form.setWidget(2, QFormLayout.ItemRole.FieldRole, self.login_edit)

        self.admin_email_caption = QLabel(self.page_admin)
        self.admin_email_caption.setObjectName(u"admin_email_caption")

        self.admin_form.setWidget(3, QFormLayout.ItemRole.LabelRole, self.admin_email_caption)

        self.admin_email_edit = QLineEdit(self.page_admin)
        self.admin_email_edit.setObjectName(u"admin_email_edit")
        self.admin_email_edit.setMaxLength(200)

        self.admin_form.setWidget(3, QFormLayout.ItemRole.FieldRole, self.admin_email_edit)

        self.category_caption = QLabel(self.page_admin)
        self.category_caption.setObjectName(u"category_caption")

        self.admin_form.setWidget(4, QFormLayout.ItemRole.LabelRole, self.category_caption)

        self.category_edit = QComboBox(self.page_admin)
        self.category_edit.setObjectName(u"category_edit")

        self.admin_form.setWidget(4, QFormLayout.ItemRole.FieldRole, self.category_edit)

        self.password_caption = QLabel(self.page_admin)
        self.password_caption.setObjectName(u"password_caption")

        self.admin_form.setWidget(5, QFormLayout.ItemRole.LabelRole, self.password_caption)

        self.password_edit = QLineEdit(self.page_admin)
        self.password_edit.setObjectName(u"password_edit")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)

        self.admin_form.setWidget(5, QFormLayout.ItemRole.FieldRole, self.password_edit)

        self.password_confirm_caption = QLabel(self.page_admin)
        self.password_confirm_caption.setObjectName(u"password_confirm_caption")

        self.admin_form.setWidget(6, QFormLayout.ItemRole.LabelRole, self.password_confirm_caption)

        self.password_confirm_edit = QLineEdit(self.page_admin)
        self.password_confirm_edit.setObjectName(u"password_confirm_edit")
        self.password_confirm_edit.setEchoMode(QLineEdit.EchoMode.Password)

        self.admin_form.setWidget(6, QFormLayout.ItemRole.FieldRole, self.password_confirm_edit)


        self.page_admin_layout.addLayout(self.admin_form)

        self.password_hint = QLabel(self.page_admin)
        self.password_hint.setObjectName(u"password_hint")
        self.password_hint.setWordWrap(True)
        self.password_hint.setProperty(u"role", u"hint")

        self.page_admin_layout.addWidget(self.password_hint)

        self.admin_spacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.page_admin_layout.addItem(self.admin_spacer)

        FirstStartWizard.addPage(self.page_admin)
#if QT_CONFIG(shortcut)
        self.firm_name_caption.setBuddy(self.firm_name_edit)
        self.address_caption.setBuddy(self.address_edit)
        self.postal_code_caption.setBuddy(self.postal_code_edit)
        self.city_caption.setBuddy(self.city_edit)
        self.siren_caption.setBuddy(self.siren_edit)
        self.firm_email_caption.setBuddy(self.firm_email_edit)
        self.phone_caption.setBuddy(self.phone_edit)
        self.bar_caption.setBuddy(self.bar_edit)
        self.first_name_caption.setBuddy(self.first_name_edit)
        self.last_name_caption.setBuddy(self.last_name_edit)
        self.login_caption.setBuddy(self.login_edit)
        self.admin_email_caption.setBuddy(self.admin_email_edit)
        self.category_caption.setBuddy(self.category_edit)
        self.password_caption.setBuddy(self.password_edit)
        self.password_confirm_caption.setBuddy(self.password_confirm_edit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.firm_name_edit, self.address_edit)
        QWidget.setTabOrder(self.address_edit, self.postal_code_edit)
        QWidget.setTabOrder(self.postal_code_edit, self.city_edit)
        QWidget.setTabOrder(self.city_edit, self.siren_edit)
        QWidget.setTabOrder(self.siren_edit, self.firm_email_edit)
        QWidget.setTabOrder(self.firm_email_edit, self.phone_edit)
        QWidget.setTabOrder(self.phone_edit, self.bar_edit)
        QWidget.setTabOrder(self.bar_edit, self.first_name_edit)
        QWidget.setTabOrder(self.first_name_edit, self.last_name_edit)
        QWidget.setTabOrder(self.last_name_edit, self.login_edit)
        QWidget.setTabOrder(self.login_edit, self.admin_email_edit)
        QWidget.setTabOrder(self.admin_email_edit, self.category_edit)
        QWidget.setTabOrder(self.category_edit, self.password_edit)
        QWidget.setTabOrder(self.password_edit, self.password_confirm_edit)

        self.retranslateUi(FirstStartWizard)

        QMetaObject.connectSlotsByName(FirstStartWizard)
    # setupUi

    def retranslateUi(self, FirstStartWizard):
        FirstStartWizard.setWindowTitle(QCoreApplication.translate("FirstStartWizard", u"Premier d\u00e9marrage \u2014 Themisia", None))
        self.page_choice.setTitle(QCoreApplication.translate("FirstStartWizard", u"Bienvenue dans Themisia", None))
        self.page_choice.setSubTitle(QCoreApplication.translate("FirstStartWizard", u"Cette base ne contient encore aucun cabinet. Que souhaitez-vous faire ?", None))
        self.create_radio.setText(QCoreApplication.translate("FirstStartWizard", u"Cr\u00e9er mon cabinet", None))
        self.create_hint.setText(QCoreApplication.translate("FirstStartWizard", u"Vous saisissez l'identit\u00e9 de votre cabinet puis votre compte d'administrateur. La base commence vide.", None))
        self.demo_radio.setText(QCoreApplication.translate("FirstStartWizard", u"Charger le cabinet de d\u00e9monstration", None))
        self.demo_hint.setText(QCoreApplication.translate("FirstStartWizard", u"Un cabinet fictif, avec ses utilisateurs, contacts et dossiers, pour d\u00e9couvrir Themisia sans rien saisir. \u00c0 ne pas utiliser pour de vraies donn\u00e9es.", None))
        self.page_firm.setTitle(QCoreApplication.translate("FirstStartWizard", u"Votre cabinet", None))
        self.page_firm.setSubTitle(QCoreApplication.translate("FirstStartWizard", u"Ces informations figureront sur vos courriers et factures. Vous pourrez les modifier plus tard dans les param\u00e8tres.", None))
        self.firm_name_caption.setText(QCoreApplication.translate("FirstStartWizard", u"Nom du cabinet *", None))
        self.firm_name_edit.setPlaceholderText(QCoreApplication.translate("FirstStartWizard", u"Cabinet Martin & Associ\u00e9s", None))
        self.address_caption.setText(QCoreApplication.translate("FirstStartWizard", u"Adresse", None))
        self.address_edit.setPlaceholderText(QCoreApplication.translate("FirstStartWizard", u"12 rue de la R\u00e9publique", None))
        self.postal_code_caption.setText(QCoreApplication.translate("FirstStartWizard", u"Code postal", None))
        self.postal_code_edit.setPlaceholderText(QCoreApplication.translate("FirstStartWizard", u"69002", None))
        self.city_caption.setText(QCoreApplication.translate("FirstStartWizard", u"Ville", None))
        self.city_edit.setPlaceholderText(QCoreApplication.translate("FirstStartWizard", u"Lyon", None))
        self.siren_caption.setText(QCoreApplication.translate("FirstStartWizard", u"SIREN (facultatif)", None))
        self.siren_edit.setPlaceholderText(QCoreApplication.translate("FirstStartWizard", u"9 chiffres", None))
        self.firm_email_caption.setText(QCoreApplication.translate("FirstStartWizard", u"E-mail", None))
        self.firm_email_edit.setPlaceholderText(QCoreApplication.translate("FirstStartWizard", u"contact@cabinet.fr", None))
        self.phone_caption.setText(QCoreApplication.translate("FirstStartWizard", u"T\u00e9l\u00e9phone", None))
        self.phone_edit.setPlaceholderText(QCoreApplication.translate("FirstStartWizard", u"04 78 00 00 00", None))
        self.bar_caption.setText(QCoreApplication.translate("FirstStartWizard", u"Barreau", None))
        self.bar_edit.setPlaceholderText(QCoreApplication.translate("FirstStartWizard", u"Lyon", None))
        self.firm_required_hint.setText(QCoreApplication.translate("FirstStartWizard", u"* champ obligatoire", None))
        self.page_admin.setTitle(QCoreApplication.translate("FirstStartWizard", u"Compte administrateur", None))
        self.page_admin.setSubTitle(QCoreApplication.translate("FirstStartWizard", u"Ce premier compte pourra cr\u00e9er ceux de vos associ\u00e9s, collaborateurs et assistants.", None))
        self.first_name_caption.setText(QCoreApplication.translate("FirstStartWizard", u"Pr\u00e9nom *", None))
        self.last_name_caption.setText(QCoreApplication.translate("FirstStartWizard", u"Nom *", None))
        self.login_caption.setText(QCoreApplication.translate("FirstStartWizard", u"Identifiant *", None))
        self.login_edit.setPlaceholderText(QCoreApplication.translate("FirstStartWizard", u"ex. : h.martin", None))
        self.admin_email_caption.setText(QCoreApplication.translate("FirstStartWizard", u"E-mail", None))
        self.category_caption.setText(QCoreApplication.translate("FirstStartWizard", u"Cat\u00e9gorie *", None))
        self.password_caption.setText(QCoreApplication.translate("FirstStartWizard", u"Mot de passe *", None))
        self.password_confirm_caption.setText(QCoreApplication.translate("FirstStartWizard", u"Confirmation *", None))
        self.password_hint.setText("")
    # retranslateUi

