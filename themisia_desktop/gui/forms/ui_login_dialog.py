# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'login_dialog.ui'
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
from PySide6.QtWidgets import (QApplication, QDialog, QFormLayout, QHBoxLayout,
    QLabel, QLineEdit, QPushButton, QSizePolicy,
    QSpacerItem, QVBoxLayout, QWidget)

class Ui_LoginDialog(object):
    def setupUi(self, LoginDialog):
        if not LoginDialog.objectName():
            LoginDialog.setObjectName(u"LoginDialog")
        LoginDialog.resize(440, 300)
        LoginDialog.setMinimumSize(QSize(420, 0))
        self.main_layout = QVBoxLayout(LoginDialog)
        self.main_layout.setSpacing(12)
        self.main_layout.setObjectName(u"main_layout")
        self.main_layout.setContentsMargins(28, 24, 28, 20)
        self.title_label = QLabel(LoginDialog)
        self.title_label.setObjectName(u"title_label")
        self.title_label.setProperty(u"role", u"title")

        self.main_layout.addWidget(self.title_label)

        self.firm_label = QLabel(LoginDialog)
        self.firm_label.setObjectName(u"firm_label")
        self.firm_label.setWordWrap(True)
        self.firm_label.setProperty(u"role", u"subtitle")

        self.main_layout.addWidget(self.firm_label)

        self.form_layout = QFormLayout()
        self.form_layout.setObjectName(u"form_layout")
        self.form_layout.setHorizontalSpacing(12)
        self.form_layout.setVerticalSpacing(10)
        self.login_caption = QLabel(LoginDialog)
        self.login_caption.setObjectName(u"login_caption")

        self.form_layout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.login_caption)

        self.login_edit = QLineEdit(LoginDialog)
        self.login_edit.setObjectName(u"login_edit")
        self.login_edit.setMaxLength(64)

        self.form_layout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.login_edit)

        self.password_caption = QLabel(LoginDialog)
        self.password_caption.setObjectName(u"password_caption")

        self.form_layout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.password_caption)

        self.password_edit = QLineEdit(LoginDialog)
        self.password_edit.setObjectName(u"password_edit")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)

        self.form_layout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.password_edit)


        self.main_layout.addLayout(self.form_layout)

        self.error_label = QLabel(LoginDialog)
        self.error_label.setObjectName(u"error_label")
        self.error_label.setVisible(False)
        self.error_label.setWordWrap(True)
        self.error_label.setProperty(u"role", u"error")

        self.main_layout.addWidget(self.error_label)

        self.busy_label = QLabel(LoginDialog)
        self.busy_label.setObjectName(u"busy_label")
        self.busy_label.setVisible(False)
        self.busy_label.setProperty(u"role", u"hint")

        self.main_layout.addWidget(self.busy_label)

        self.vertical_spacer = QSpacerItem(0, 8, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.main_layout.addItem(self.vertical_spacer)

        self.button_layout = QHBoxLayout()
        self.button_layout.setObjectName(u"button_layout")
        self.button_spacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.button_layout.addItem(self.button_spacer)

        self.quit_button = QPushButton(LoginDialog)
        self.quit_button.setObjectName(u"quit_button")
        self.quit_button.setAutoDefault(False)

        self.button_layout.addWidget(self.quit_button)

        self.connect_button = QPushButton(LoginDialog)
        self.connect_button.setObjectName(u"connect_button")

        self.button_layout.addWidget(self.connect_button)


        self.main_layout.addLayout(self.button_layout)

#if QT_CONFIG(shortcut)
        self.login_caption.setBuddy(self.login_edit)
        self.password_caption.setBuddy(self.password_edit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.login_edit, self.password_edit)
        QWidget.setTabOrder(self.password_edit, self.connect_button)
        QWidget.setTabOrder(self.connect_button, self.quit_button)

        self.retranslateUi(LoginDialog)

        self.connect_button.setDefault(True)


        QMetaObject.connectSlotsByName(LoginDialog)
    # setupUi

    def retranslateUi(self, LoginDialog):
        LoginDialog.setWindowTitle(QCoreApplication.translate("LoginDialog", u"Connexion \u2014 Themisia", None))
        self.title_label.setText(QCoreApplication.translate("LoginDialog", u"Themisia", None))
        self.firm_label.setText("")
        self.login_caption.setText(QCoreApplication.translate("LoginDialog", u"&Identifiant", None))
        self.password_caption.setText(QCoreApplication.translate("LoginDialog", u"&Mot de passe", None))
        self.busy_label.setText(QCoreApplication.translate("LoginDialog", u"V\u00e9rification\u2026", None))
        self.quit_button.setText(QCoreApplication.translate("LoginDialog", u"Quitter", None))
        self.connect_button.setText(QCoreApplication.translate("LoginDialog", u"Se connecter", None))
    # retranslateUi

