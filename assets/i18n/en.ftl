# Redock station — English. Keys are shared by the UI (@fluent/bundle) and Rust (labels, errors).
# Every key here must exist in pl, ro, nb and ru (checked by tests).

app-title = Redock
language-name = English

## Log-in
login-title = Log in to the station
login-badge-label = Badge
login-badge-hint = Scan your badge or type its code
login-pin-label = PIN
login-submit = Log in
login-language = Language
login-working = Checking…

## Station screen
station-operator = { $name } ({ $role })
station-logout = Log out
station-scan-label = Scan
station-scan-hint = Scan a code, or type it and press Enter
station-waiting = Ready for the next scan
station-saving = Saving…
station-last-scan = Last scan
station-recent = Recent scans
station-pending = { $count ->
    [one] { $count } event waiting to sync
   *[other] { $count } events waiting to sync
}
station-readonly = This station cannot record anything: the database is read-only. Call a supervisor.
station-queued = { $count ->
    [one] { $count } scan waiting to be saved
   *[other] { $count } scans waiting to be saved
}
station-name = { $station } · { $site }

## Roles
role-inspector = inspector
role-supervisor = supervisor
role-admin = admin

## Scan sources
source-wedge = scanner
source-manual = typed
source-serial = serial scanner
source-cli = command line

## Kinds of code
kind-gs1 = GS1 barcode
kind-ean13 = EAN-13
kind-upca = UPC-A
kind-ean8 = EAN-8
kind-gtin14 = GTIN-14
kind-digital_link = GS1 Digital Link
kind-tracking = Tracking number
kind-rma = Return authorisation (RMA)
kind-lpn = License plate (LPN)
kind-tote = Tote
kind-bin = Bin
kind-badge = Operator badge
kind-command = Command
kind-unknown = Unknown code

scan-valid = valid
scan-invalid = not valid
scan-read = Read: { $text }

## What a code was found to be
match-product = Product: { $name }
match-category = Category: { $category }
match-expected-in = Expected in { $rmas }
match-not-expected = Not expected in any open return
match-no-match = Not found in this station's data
match-returns-rma = Expected return
match-returns-tracking = Parcel label: { $count ->
    [one] { $count } expected return
   *[other] { $count } expected returns
}
match-returns-order = Order { $order }
match-customer = Customer: { $name }
match-tier = Tier: { $tier }
match-order-date = Ordered { $date }
match-line = { $qty } × { $name } ({ $received } received)
match-unit = Unit { $lpn }: { $status }

tier-standard = standard
tier-loyal = loyal
tier-vip = VIP

## Errors (error-<code>, dots and underscores as hyphens)
error-title = Not saved
error-scan-empty = The scan was empty. Scan again.
error-scan-too-long = The scan is too long ({ $len } bytes; at most { $max }). Scan one code at a time.
error-scan-control-char = The scan holds a control character ({ $char } at position { $position }). Check the scanner's settings.
error-store-read-only = The database is read-only. Nothing can be recorded. Call a supervisor.
error-store-busy = The database is busy in another program. Try again; if it stays busy, call a supervisor.
error-store-disk-full = The disk is full. Nothing more can be recorded. Call a supervisor.
error-store-newer-schema = The database belongs to a newer Redock (version { $found }; this one knows { $known }). It was not opened.
error-store-corrupt = The database file is damaged. Call a supervisor.
error-store-cannot-open = The database cannot be opened: { $reason }
error-store-error = The station could not save: { $reason }
error-auth-unknown-badge = No operator has badge { $badge }.
error-auth-wrong-pin = Wrong PIN. { $remaining ->
    [one] { $remaining } try left.
   *[other] { $remaining } tries left.
}
error-auth-locked = This badge is locked after too many wrong PINs, until { $until }.
error-auth-not-logged-in = Please log in again.
error-auth-forbidden = This needs the { $role } role.
error-config-invalid = The station's configuration is invalid: { $reason }
error-not-found = { $what } { $id } was not found.
error-code-unknown = Unknown code: it matches no format the station knows.
error-code-check-digit = The check digit is wrong: the code was misread or misprinted.
error-code-unknown-command = This command barcode is not one the station knows.
error-ipc = The station did not answer: { $reason }
