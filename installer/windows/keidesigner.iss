; Inno Setup 6 script: the Windows installer of KeiDesigner.
;
; Build the bundle first, on Windows (python installer\build.py -> dist\keidesigner\), then:
;     iscc installer\windows\keidesigner.iss          -> dist\keidesigner-<version>-windows-x64-setup.exe
;     iscc /DAppVersion=0.2.0 installer\windows\keidesigner.iss   (another version)
;
; Installs the one-folder bundle, a Start-menu entry (and optionally a desktop icon), and the .kei file type
; (KeiDesigner.Design, opened by keidesigner.exe). Per-user or for all users (asks); uninstalling removes all of it.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "KeiDesigner"
#define AppExe "keidesigner.exe"
#define BundleDir "..\..\dist\keidesigner"
#define DocExt ".kei"
#define DocProgId "KeiDesigner.Design"
#define DocName "KeiDesigner design"

[Setup]
AppId={{6E2B9C1E-4F0A-4C57-9E8B-2B7D1A3F5C40}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=KeiDesigner
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
UninstallDisplayIcon={app}\{#AppExe}
; admin install for all users, or a per-user install without admin rights: the user chooses
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; tell Explorer to refresh its file-type information after install and uninstall
ChangesAssociations=yes
OutputDir=..\..\dist
OutputBaseFilename=keidesigner-{#AppVersion}-windows-x64-setup
Compression=lzma2
SolidCompression=yes
WizardStyle=modern

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked
Name: "fileassoc"; Description: "Open {#DocExt} design files with {#AppName}"; GroupDescription: "File types:"

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "Design kei-class vehicles for US production"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Registry]
; the document type (ProgID): name, icon, and how to open it
Root: HKA; Subkey: "Software\Classes\{#DocProgId}"; ValueType: string; ValueName: ""; ValueData: "{#DocName}"; Flags: uninsdeletekey; Tasks: fileassoc
Root: HKA; Subkey: "Software\Classes\{#DocProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppExe},0"; Tasks: fileassoc
Root: HKA; Subkey: "Software\Classes\{#DocProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""; Tasks: fileassoc
; the extension: its default handler, MIME type, and the Open-with list
Root: HKA; Subkey: "Software\Classes\{#DocExt}"; ValueType: string; ValueName: ""; ValueData: "{#DocProgId}"; Flags: uninsdeletevalue; Tasks: fileassoc
Root: HKA; Subkey: "Software\Classes\{#DocExt}"; ValueType: string; ValueName: "Content Type"; ValueData: "application/x-keidesigner"; Flags: uninsdeletevalue; Tasks: fileassoc
Root: HKA; Subkey: "Software\Classes\{#DocExt}\OpenWithProgids"; ValueType: string; ValueName: "{#DocProgId}"; ValueData: ""; Flags: uninsdeletevalue; Tasks: fileassoc
; the application itself, for "Open with" and Default Apps
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}"; ValueType: string; ValueName: "FriendlyAppName"; ValueData: "{#AppName}"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: "{#DocExt}"; ValueData: ""

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; PyInstaller writes nothing into {app} at run time; remove __pycache__ left by a manual `python` run, if any
Type: filesandordirs; Name: "{app}\_internal\__pycache__"
