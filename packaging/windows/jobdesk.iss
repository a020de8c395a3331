; Inno Setup script: a per-user Windows installer for the one-folder app.
;
;   uv run --group packaging python packaging/build.py
;   iscc /DAppVersion=0.1.0 packaging\windows\jobdesk.iss
;
; Installs dist\jobdesk\ into %LOCALAPPDATA%\Programs\jobdesk (no administrator rights),
; adds a Start-menu entry, and offers "Open with > jobdesk" for .txt, .html, .htm, .md
; and .eml files. jobdesk is never made the default program for a type: the user's
; editor and browser keep those files. Uninstalling removes the program and these
; registry entries; the library and rule packs in the user's folders stay.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#define Exe "jobdesk.exe"
#define ProgId "jobdesk.posting"

[Setup]
AppId=io.github.jobdesk.jobdesk
AppName=jobdesk
AppVersion={#AppVersion}
AppPublisher=The jobdesk developers
DefaultDirName={autopf}\jobdesk
DefaultGroupName=jobdesk
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
ChangesAssociations=yes
SetupIconFile=..\..\build\icons\jobdesk.ico
UninstallDisplayIcon={app}\{#Exe}
OutputDir=..\..\dist
OutputBaseFilename=jobdesk-{#AppVersion}-windows-setup
Compression=lzma2
SolidCompression=yes
WizardStyle=modern

[Files]
Source: "..\..\dist\jobdesk\*"; DestDir: "{app}"; Flags: recursesubdirs createallsubdirs ignoreversion

[Icons]
Name: "{autoprograms}\jobdesk"; Filename: "{app}\{#Exe}"

[Registry]
; The application and the types it can open (listed under "Open with").
Root: HKA; Subkey: "Software\Classes\Applications\{#Exe}"; ValueType: string; ValueName: "FriendlyAppName"; ValueData: "jobdesk"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\Applications\{#Exe}\shell\open\command"; ValueType: string; ValueData: """{app}\{#Exe}"" ""%1"""
Root: HKA; Subkey: "Software\Classes\Applications\{#Exe}\SupportedTypes"; ValueType: string; ValueName: ".txt"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\Applications\{#Exe}\SupportedTypes"; ValueType: string; ValueName: ".html"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\Applications\{#Exe}\SupportedTypes"; ValueType: string; ValueName: ".htm"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\Applications\{#Exe}\SupportedTypes"; ValueType: string; ValueName: ".md"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\Applications\{#Exe}\SupportedTypes"; ValueType: string; ValueName: ".eml"; ValueData: ""
; A ProgID for "a job posting", offered beside each type's default program.
Root: HKA; Subkey: "Software\Classes\{#ProgId}"; ValueType: string; ValueData: "Job posting"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\{#ProgId}\DefaultIcon"; ValueType: string; ValueData: "{app}\{#Exe},0"
Root: HKA; Subkey: "Software\Classes\{#ProgId}\shell\open\command"; ValueType: string; ValueData: """{app}\{#Exe}"" ""%1"""
Root: HKA; Subkey: "Software\Classes\.txt\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.html\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.htm\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.md\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.eml\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue

[Run]
Filename: "{app}\{#Exe}"; Description: "Start jobdesk"; Flags: nowait postinstall skipifsilent
