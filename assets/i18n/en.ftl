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
login-switch = { $name }: your PIN takes the desk over
login-cancel = Back

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

## Receiving
parcel-title = Parcel { $code }
parcel-none = No parcel open. Scan a parcel label, an RMA or an order number.
parcel-damaged = Damaged in transit
parcel-closed = Closed
parcel-units = Units received
parcel-exceptions = Exceptions
parcel-no-returns = No expected return for this parcel
parcel-hint = Scan each item. Then scan CLOSE; EMPTY for an empty box; DAMAGED if it arrived damaged.
line-status = { $received }/{ $qty }
action-opened = Parcel opened
action-attached = Return added to this parcel
action-received = Unit received: { $lpn }
action-damaged = Parcel marked damaged
action-closed = Parcel closed
repeat-parcel_open = Already open: this parcel is on the desk
repeat-rma_on_parcel = Already on this parcel: nothing added
repeat-unit_received = Already received: { $lpn }
repeat-unit_on_desk = Already on the desk: { $lpn }
repeat-double_read = Read twice: taken once
unit-parked = { $lpn } waits for inspection: its label is printing, put it on the waiting shelf
close-waiting = { $count ->
    [one] 1 unit of this parcel waits for inspection: { $lpns }
   *[other] { $count } units of this parcel wait for inspection: { $lpns }
}
waiting-title = Waiting for inspection
waiting-hint = Scan a unit's LPN to inspect it
setting-unreadable = The setting “{ $key }” cannot be read ({ $reason }): the station uses its default
exception-unexpected_return = Unexpected return: no RMA names this parcel
exception-wrong_item = Wrong item: not on this parcel's returns
exception-extra_item = Extra item: more than the return expects
exception-missing_item = Missing item: expected, not in the box
exception-serial_mismatch = Serial mismatch: not the serial sold
exception-empty_box = Empty box
exception-damaged_in_transit = Damaged in transit
exception-late_return = Late return: past the shop's return window

## Scanner
scanner-connected = Scanner: { $port }
scanner-disconnected = Scanner disconnected ({ $port }): { $reason }. Plug it in again; the station picks it up by itself.
scanner-overflow = The scanner sent { $count } bytes without an end of code; they were dropped. Scan again.
settings-scanner = Scanner settings
settings-port = Serial port
settings-baud = Speed (baud)
settings-suffix = End of code
settings-save = Save
settings-remove = No serial scanner
settings-close = Close
settings-saved = Saved.
suffix-cr = CR (Enter)
suffix-crlf = CR + LF
suffix-lf = LF (new line)
suffix-tab = Tab

settings-wedge = Keyboard scanner
settings-gap = A scanner's pace: gap between keys, at most (ms)
settings-wedge-ends = A scan ends with
settings-gs = Character the scanner sends for FNC1 (GS)
settings-layout = Keyboard layout the scanner is set to
settings-layout-hint = The station reads a scanner's keys in this layout, whatever layout the keyboard types in.
layout-us = US (also Polish and Romanian programmers)
layout-de = German
layout-no = Norwegian
settings-serial = Serial scanner
ends-enter-tab = Enter or Tab
ends-enter = Enter
ends-tab = Tab

## Import
import-title = Import returns
import-choose = Choose a CSV file (one row per RMA line; UTF-8 or the code page Excel saved it in)
import-result = { $imported } returns imported from { $rows } rows.
import-encoding = Read as { $encoding }.
import-row-error = Line { $line }: { $reason }

import-row-unreadable = the row cannot be read ({ $reason })
import-row-empty = { $field } is empty
import-row-unknown-shop = shop “{ $value }” is not configured on this station
import-row-rma-format = “{ $rma }” does not fit shop { $shop }'s RMA format
import-row-rma-exists = { $rma } is already on the station
import-row-bad-date = the order date “{ $value }” is not a date (YYYY-MM-DD)
import-row-bad-tier = the customer tier “{ $value }” is not standard, loyal or vip
import-row-not-count = { $field } “{ $value }” is not a whole number of 1 or more
import-row-unknown-sku = SKU “{ $sku }” is not known to the station
import-row-too-many-serials = { $serials } serials for a quantity of { $quantity }
import-row-header-mismatch = { $rma }: order, customer or tracking differ from line { $first }
import-row-duplicate-line = { $rma } has line { $line_no } twice
import-row-no-lines = { $rma } has no lines

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
kind-order = Order number
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
error-auth-badge-scanned = { $name }: scan their PIN to take over the desk
error-auth-idle = Logged out after { $minutes } minutes without a scan.
error-auth-wrong-pin = Wrong PIN. { $remaining ->
    [one] { $remaining } try left.
   *[other] { $remaining } tries left.
}
error-auth-locked = This badge is locked after too many wrong PINs, until { $until }.
error-auth-not-logged-in = Please log in again.
error-auth-forbidden = This needs the { $role } role.
error-config-invalid = The station's configuration is invalid: { $reason }
error-not-found = { $what } { $id } was not found.
error-import-refused = The file cannot be imported: { $reason }
error-import-encoding-unsure = The file’s character encoding cannot be told for sure: line { $line } reads “{ $sample }” as { $guess }. Save it as “CSV UTF-8” and import it again.
error-code-unknown = Unknown code: it matches no format the station knows.
error-code-check-digit = The check digit is wrong: the code was misread or misprinted.
error-code-unknown-command = This command barcode is not one the station knows.
error-gs1-truncated = This GS1 barcode ends too early: a field is cut short.
error-gs1-unknown-ai = This GS1 barcode holds an application identifier that does not exist.
error-gs1-too-long = A field of this GS1 barcode is longer than GS1 allows.
error-gs1-bad-char = A field of this GS1 barcode holds a character GS1 does not allow there.
error-gs1-check-digit = A check digit inside this GS1 barcode is wrong: misread or misprinted.
error-gs1-bad-date = A date in this GS1 barcode is not a real date.
error-gs1-bad-value = A value in this GS1 barcode breaks GS1's rules for its field.
error-gs1-duplicate-ai = This GS1 barcode holds the same field twice with different values.
error-gs1-ambiguous-split = A separator is missing in this GS1 barcode and it could be read more than one way. Scan it again or key it in.
error-gs1-syntax = This GS1 barcode is malformed.
error-dl-bad-percent = This GS1 Digital Link has a broken %-escape.
error-dl-bad-path = This GS1 Digital Link's path is not a valid GS1 key and qualifiers.
error-dl-bad-query = This GS1 Digital Link's query holds an invalid GS1 attribute.
error-tracking-check-digit = The check digit of this tracking number is wrong: misread or misprinted.
error-tracking-bad-country = This postal tracking number ends in a country code that does not exist.
error-tracking-ambiguous = This number fits more than one carrier's format; pick the carrier.
error-ipc = The station did not answer: { $reason }


## Inspection
inspect-title = Inspection
inspect-unknown-item = Unknown item
inspect-set = Grading set: { $set } v{ $version }
inspect-question = Question { $number } of { $count }
inspect-fail-grade = “Yes” settles grade { $grade }
inspect-grade = Grade
inspect-no-grade = Not graded yet
inspect-settled-question = Settled by the first problem found
inspect-settled-all = Every check passed
inspect-settled-chosen = Grade chosen by the inspector
inspect-axes = Condition
inspect-defects = Defects
inspect-reason-found = Reason found
inspect-reason-stated = Customer's reason: { $reason }
inspect-photos = { $count ->
    [one] { $count } photo
   *[other] { $count } photos
}
inspect-hold = Held for a supervisor
inspect-external = Marketplaces
inspect-scale-amazon = Amazon
inspect-scale-ebay = eBay
inspect-scale-ctia_functional = CTIA function
inspect-scale-ctia_cosmetic = CTIA appearance
inspect-not-listable = cannot be listed
inspect-key-ok = F1 No, it does not
inspect-key-fail = F2 Yes, it does
inspect-key-pass = F3 All fine
inspect-key-photo = F5 Photo
inspect-key-hold = F6 Hold
inspect-key-undo = F8 Undo
inspect-key-next = F9 Save
inspect-hint-graded = Scan the next item, or press F9 to save.
inspect-action-started = Inspecting { $lpn }
inspect-action-resumed = Back to { $lpn }
inspect-action-undone = Last answer undone
inspect-action-photo = Take or choose a photo
inspect-day = Today: { $count } units · { $rate } per hour
inspect-none = Scan a product to receive and inspect it, or a unit's LPN.
## Decision
decision-title = Decision
decision-channel-restock = Restock
decision-channel-refurbish = Refurbish
decision-channel-liquidate = Liquidate
decision-channel-rtv = Return to vendor
decision-channel-donate = Donate
decision-channel-recycle = Recycle
decision-channel-destroy = Destroy
decision-channel-hold = Hold for review
decision-destination = Put it in { $destination }
decision-recovery = Expected recovery: { $amount }
decision-refund-full = Refund: full, { $amount }
decision-refund-partial = Refund: { $amount } (restocking fee { $fee } %)
decision-refund-none = No refund
decision-refund-review = Refund: a supervisor decides
decision-by-rule = Rule { $rule }
decision-by-person = Decided by a person: { $note }
decision-inspector-hold = Held by the inspector
decision-why = Why?
decision-why-close = Close
decision-label-alt = Label of { $lpn }
decision-reprint = Print the label again
decision-reprinted = The label is in the print queue again.
decision-trace-row = Row { $row } matched
decision-trace-missed = Row { $row } did not match: { $field } was { $value }
decision-trace-channels = Expected recovery per channel
decision-trace-closed = not allowed
decision-flags = Fraud signals
flag-empty_box = Empty box
flag-swapped_item = Swapped item (GTIN differs)
flag-serial_mismatch = Serial mismatch
flag-used_beyond_window = Used beyond the return window
flag-repeat_returner = Repeat returner
decision-held-unknown_item = No SKU is known for this item
decision-held-no_expected_return = No expected return names this item

## Decisions in sentences (built from the trace by redock-domain disposition::explain)
decision-details = Details
decision-details-close = Hide details
explain-skipped = { $rule }? No: { $fact }.
explain-skipped-needs = { $rule }? No: { $fact }; { $needs }.
explain-decided = { $rule }? Yes: { $facts }.
explain-decided-always = { $rule }: the last rule, for every unit the rules above did not take.
explain-best-chosen = { $channel } recovers the most: { $amount }.
explain-best-other = { $channel } would recover { $amount }.
explain-best-blocked = { $channel } skipped: { $note }.
explain-best-unvalued = No recovery could be valued, so the first channel the rule allows was taken: { $channel }.
explain-rules-would = Without the hold the rules would have chosen: { $channel }.
explain-override-was = Before the override: { $channel }.
explain-fact-grade = the grade is { $grade }
explain-fact-axis = { $axis } is { $value }
explain-fact-axis-missing = the inspection recorded no { $axis }
explain-fact-category = the category is { $category }
explain-fact-currency = the unit is priced in { $currency }
explain-fact-cost = the unit cost { $amount }
explain-fact-price = the price is { $amount }
explain-fact-days = { $days ->
    [0] it was bought today
    [one] it was bought { $days } day ago
   *[other] it was bought { $days } days ago
}
explain-fact-window-within = it came back within the shop's return window ({ $days ->
        [one] { $days } day
       *[other] { $days } days
    } after purchase)
explain-fact-window-late = it came back after the shop's return window ({ $days ->
        [one] { $days } day
       *[other] { $days } days
    } after purchase)
explain-fact-tier = the customer's tier is { $tier }
explain-fact-vendor-eligible = the vendor takes units back but does not require it
explain-fact-vendor-forced = the vendor requires defective units back
explain-fact-vendor-prohibited = the vendor takes nothing back
explain-fact-vendor-none = no vendor agreement covers this product
explain-fact-vendor-window-open = { $left ->
    [0] the vendor's window closes today
    [one] the vendor's window is open { $left } more day
   *[other] the vendor's window is open { $left } more days
}
explain-fact-vendor-window-closed = { $ago ->
    [one] the vendor's window closed { $ago } day ago
   *[other] the vendor's window closed { $ago } days ago
}
explain-fact-vendor-window-days = the vendor's window is { $days ->
        [one] { $days } day
       *[other] { $days } days
    }
explain-fact-vendor-credit = the vendor credits { $credit } of our cost
explain-fact-flags = the unit has fraud signals ({ $flags })
explain-fact-flags-none = the unit has no fraud signals
explain-needs = { $op ->
    [not] the rule leaves out { $expected }
    [lt] the rule needs less than { $limit }
    [le] the rule needs at most { $limit }
    [gt] the rule needs more than { $limit }
    [ge] the rule needs at least { $limit }
    [between] the rule needs { $low } to { $high }
   *[is] the rule needs { $expected }
}
explain-needs-days = { $op ->
    [not] the rule leaves out { $expected } days
    [eq] the rule needs exactly { $limit ->
        [one] { $limit } day
       *[other] { $limit } days
    }
    [lt] the rule needs fewer than { $limit ->
        [one] { $limit } day
       *[other] { $limit } days
    }
    [le] the rule needs at most { $limit ->
        [one] { $limit } day
       *[other] { $limit } days
    }
    [gt] the rule needs more than { $limit ->
        [one] { $limit } day
       *[other] { $limit } days
    }
    [ge] the rule needs at least { $limit ->
        [one] { $limit } day
       *[other] { $limit } days
    }
    [between] the rule needs { $low } to { $high } days
   *[is] the rule needs { $expected } days
}
explain-needs-flags = the rule is for { $flags }
recovery-note-no-vendor-agreement = no vendor agreement covers this product
recovery-note-agreement-prohibits-rtv = the vendor's agreement allows no returns
recovery-note-vendor-window-closed = { $ago ->
    [one] the vendor's window closed { $ago } day ago
   *[other] the vendor's window closed { $ago } days ago
}
recovery-note-currency-mismatch = The rule table's rates are in { $table } and the unit is priced in { $unit }: no recovery could be valued.
recovery-note-input-rates = Valued with this unit's own rates.
recovery-note-category-rates = Valued with the rates for { $category }.
recovery-note-default-rates = Valued with the table's general rates: it has none for { $category }.
# Rule reason codes (reason-<code>, dots and underscores as hyphens): what a rule is for, read as a question
reason-fraud-suspected = Hold for suspected fraud
reason-abuse-review = Hold for an abuse review
reason-vendor-forced-rtv = Return to the vendor, as the agreement requires
reason-value-review = Review a costly unit in poor condition
reason-hygiene-destroy = Destroy apparel that failed the hygiene check
reason-resell-as-new = Restock as new
reason-resell-loyal-lenient = Restock for a loyal customer
reason-resell-like-new = Restock as like new
reason-late-recheck = Recheck a late return before it is sold again
reason-value-best-electronics = Electronics to the channel that recovers the most
reason-refurbish-electronics = Refurbish electronics
reason-liquidate-electronics-parts = Sell electronics for parts
reason-recycle-ewaste = Recycle as e-waste
reason-refurbish-apparel-clean = Clean and retag apparel
reason-donate-apparel = Donate apparel
reason-recycle-textile = Recycle as textile
reason-value-best-home = Home goods to the channel that recovers the most
reason-liquidate-home = Sell home goods in lots
reason-destroy-unsafe = Destroy as unsafe
reason-value-best-default = Anything else to the channel that recovers the most
# Reasons the station gives when the rules did not decide
reason-engine-no-row-matched = No rule fits this unit: it waits for a person.
reason-unknown-item = No SKU is known for this item: it waits for a person.
reason-no-expected-return = No expected return names this item: it waits for a person.
reason-input-not-valid = The unit's data does not fit the rules (see the details): it waits for a person.
reason-order-date-unreadable = The order date cannot be read, so the return window cannot be checked: it waits for a person.
reason-inspector-hold = The inspector held the unit for a supervisor.
reason-override = A supervisor decided instead of the rules.

## Holds (supervisors)
holds-title = Holds
holds-open = Holds ({ $count })
holds-empty = No unit is on hold.
holds-age = waiting { $minutes } min
override-channel = Send to
override-refund = Refund
override-refund-keep = Keep as decided
override-refund-full = Full
override-refund-partial = Less a restocking fee
override-refund-none = None
override-refund-fee = Restocking fee (%)
override-note = Reason (required)
override-save = Save decision
override-saved = Decision saved for { $lpn }.
## Photos
photo-title = Photo
photo-camera = Take a photo
photo-file = Choose a file
photo-no-camera = No camera in this window: choose a file, or drop photos into the station's photo folder.
photo-added = Photo added.
photo-cancel = Cancel
## Errors of inspection, disposition and photos
error-inspection-already-settled = The grade is already settled. Scan UNDO to change an answer.
error-inspection-unknown-grade = This grade is not on this product's scale.
error-inspection-contradicts = That grade contradicts an answer already given. Scan UNDO first.
error-inspection-unknown-defect = This defect is not in this product's list.
error-inspection-defect-twice = This defect is already recorded.
error-inspection-unknown-reason = This reason is not in this product's list.
error-inspection-photo-twice = This photo is already attached.
error-inspection-nothing-to-undo = There is no answer to undo.
error-inspection-no-unit = No unit is being inspected. Scan a product or an LPN first.
error-inspection-not-graded = The unit has no grade yet. Answer the question or scan a grade.
error-inspection-set-changed = The grading set of this inspection is no longer loaded. Call a supervisor.
error-disposition-reason-required = Write the reason for this decision.
error-disposition-refund-invalid = A restocking fee is between 0.01 % and 99.99 % of the price.
error-disposition-not-decided = This unit has no decision yet.
error-photo-too-large = The photo file is too large.
error-photo-too-many-pixels = The photo has too many pixels.
error-photo-unsupported-format = This file is not a JPEG, PNG or WebP photo.
error-photo-unreadable = The photo cannot be read: the file is damaged or not an image.
error-photo-io = The photo could not be saved.
error-photo-disk-full = The disk is full: the photo was not saved. Call a supervisor.

# Labels (printed on the unit label by redock-labels; the channel words are printed large: keep them short)
label-grade = Grade
label-destination = Destination
label-station = Station
label-date = Date
label-channel-restock = Restock
label-channel-refurbish = Refurbish
label-channel-liquidate = Liquidate
label-channel-rtv = Return to vendor
label-channel-donate = Donate
label-channel-recycle = Recycle
label-channel-destroy = Destroy
# Printed on the LPN label of a unit received and not yet graded.
label-channel-waiting = To inspect
label-channel-hold = Hold


## Printing
print-waiting = { $count ->
    [one] { $count } label waiting for the printer
   *[other] { $count } labels waiting for the printer
}
print-failed = { $count ->
    [one] { $count } label could not be printed: call a supervisor
   *[other] { $count } labels could not be printed: call a supervisor
}
print-reprint = Reprint label
print-queued = Label queued for { $lpn }
error-print-offline = The printer does not answer. Labels wait and print when it is back; keep working.
error-print-timeout = The printer stopped taking the label. It will be tried again.
error-print-disk-full = The label folder's disk is full. Call a supervisor.
error-print-io = The label could not be sent to the printer. It will be tried again.
error-print-refused = The printer refused the label. Call a supervisor.
error-print-no-such-queue = The print queue set for this station does not exist. Call a supervisor.
error-print-no-such-job = The printer no longer knows this job.
error-print-stopped = The printer is stopped (off, out of labels or paused in CUPS). Labels wait there and print when it is started again; keep working.
error-print-job-ended = The print server ended the label without printing it. Call a supervisor to print it again.
error-print-denied = The station may not write to the label folder. Call a supervisor.
error-print-bad-config = The printer settings cannot work. Call a supervisor.
error-print-bad-job = The print job is invalid.
error-label-render = The label cannot be drawn: { $reason }
print-unsure = The label for { $lpn } may have printed: the station stopped while sending it. Look at the printer.
print-unsure-confirm = Printed — confirm
print-unsure-reprint = Not there — reprint
print-failed-dismiss = Dismiss
error-print-settled = This label is already settled: printed, printed again or dismissed.
error-print-sending = The station is sending or recording this label right now. Try again in a moment.
sheet-title = Station sheet: scan a command

## Printer settings (supervisors and admins)
printer-title = Printer settings
printer-loading = Loading the printer settings…
printer-kind = Printer type
printer-kind-folder = Folder (label files on this computer)
printer-kind-cups = CUPS printer queue
printer-kind-raw = Network printer (port 9100)
printer-kind-serial = Serial printer
printer-dir = Folder for the label files
printer-cups-server = CUPS server (host:port; empty for this computer)
printer-cups-queues = Queues found
printer-cups-choose = Choose a queue…
printer-cups-queue = Queue name
printer-cups-refresh = Refresh
printer-cups-loading = Looking for CUPS queues…
printer-cups-none = CUPS has no queues on { $server }. Type the queue name.
printer-cups-unreachable = CUPS does not answer on { $server }. You can still type the queue name.
printer-cups-stopped = stopped
printer-cups-not-accepting = not accepting jobs
printer-host = Printer address (host name or IP)
printer-port = TCP port
printer-timeout = Timeout (ms)
printer-format = Label format
printer-format-pdf = PDF (any printer, or files)
printer-format-zpl = ZPL (Zebra and compatible thermal printers)
printer-format-png = PNG (picture)
printer-template = Label size
printer-template-4x6in = 4 × 6 in shipping label
printer-template-100x150mm = 100 × 150 mm shipping label
printer-template-unit-2x1in = 2 × 1 in unit label
printer-dpi = Printer resolution (dpi)
printer-dpi-pdf = A PDF label fits any printer; the resolution is for ZPL and PNG only.
printer-test = Test print
printer-testing = Sending a test label…
printer-test-file = Test label written to { $path }
printer-test-cups = Test label sent to CUPS queue { $queue } as job { $job }.
printer-test-sent = Test label sent to { $device } ({ $bytes } bytes).
printer-test-failed = The test label did not print: { $reason }
printer-port-invalid = The port must be a whole number from 1 to 65535.
printer-timeout-invalid = The timeout must be a whole number of milliseconds, at least 1.
printer-baud-invalid = The speed must be a whole number of baud, at least 1.
retention-title = Label retention
retention-days = Keep label files and finished print jobs for (days)
retention-hint = Once a day, label files in the label folder and printed or dismissed print jobs older than this are removed.
retention-days-invalid = The number of days must be a whole number from 1 to 3650.
label-test-title = Test label (not a unit)

# The event log, personal data, compaction
error-event-unknown-kind = The station’s log holds an event of a kind this version does not know ({ $reason }). Nothing was changed; update Redock on this station.
error-event-newer-version = The station’s log holds an event written by a newer Redock ({ $reason }). Nothing was changed; update Redock on this station.
error-event-no-such-version = An event in the log has a version that never existed ({ $reason }). Nothing was changed; call support.
error-event-malformed = An event in the log cannot be read ({ $reason }). Nothing was changed; call support.
error-event-encode = The change could not be written to the log ({ $reason }). Nothing was recorded.
error-customer-unknown = No such customer is known at this station. Nothing was erased.
error-customer-already-erased = This customer’s data was already erased.
error-log-not-acknowledged = Only events the hub has acknowledged can be removed: { $reason }
error-log-keep-everything = This station keeps every event (no log retention is set). Nothing was removed.
error-import-use-hub = This station is connected to a hub: import the file at the hub, which sends the returns to every station of the site.
error-data-unknown-tier = The station’s data holds a customer tier this version does not know ({ $value }). Update Redock on this station, or call a supervisor.
error-data-unknown-rtv-terms = The station’s data holds vendor return terms this version does not know ({ $value }). Update Redock on this station, or call a supervisor.
error-data-unknown-channel = The station’s data holds a disposition channel this version does not know ({ $value }). Update Redock on this station, or call a supervisor.
error-data-unknown-decided-by = The station’s data holds a decision made by someone this version does not know ({ $value }). Update Redock on this station, or call a supervisor.
error-data-unknown-unit-status = The station’s data holds a unit status this version does not know ({ $value }). Update Redock on this station, or call a supervisor.
error-data-unknown-exception-kind = The station’s data holds a receiving exception this version does not know ({ $value }). Update Redock on this station, or call a supervisor.
customer-erased = customer erased

# Sync with the hub
error-sync-not-enrolled = This station is not enrolled with a hub.
error-sync-stopped = Sync is stopped: { $reason }
error-sync-other-site = This enrolment code is for another site. { $reason }
error-sync-hub-unreachable = The hub cannot be reached; events wait here and nothing is lost. { $reason }
error-sync-refused = The hub refused: { $reason }
error-sync-hub-behind = The hub lost events this station no longer has: { $reason }
error-sync-seq-conflict = Sync stopped: the hub holds other events under the same numbers (this database was restored or copied). Call support. { $reason }
error-sync-stream-continued = This database was restored from a backup or copied: it goes on in a new stream and nothing recorded here is lost; the lost work comes back from the hub. { $reason }
error-sync-stream-closed = Sync stopped: another copy of this station’s database goes on as this station. Use that one; call support. { $reason }
error-sync-lpn-reused = These LPNs were given out twice after the restore; relabel one of the two units: { $reason }
error-sync-revoked = The hub revoked this station’s access; an admin must enrol it again.
error-custody-elsewhere = This unit was handed to another station. Inspect it there, or scan it here again to take it back.
error-custody-hub-unreachable = This unit is held by another station, and the hub cannot hand it over now. Set it aside and scan it again when the network is back. { $reason }
error-custody-unknown-unit = No station of this site received this unit. Check the label, or receive the unit again.
error-sync-unauthorized = The hub does not know this station’s token; an admin must enrol it again.
sync-stopped = Sync stopped: { $reason }
sync-unreachable = Hub unreachable since { $since }; nothing is lost
sync-last = Last synced { $at }
sync-notice-dismiss = Read

## A parcel without a label (CMD:NOLABEL)
parcel-key-nolabel = F4 No label
parcel-no-label = Parcel without a label
parcel-no-label-hint = Find its return: scan a product (its serial is looked up), the packing slip’s order number or RMA, or press F7 to search by the customer’s name.
exception-label_missing = Label missing: the return was found from what was inside
prompt-no-parcel-open = No parcel is open. Scan the parcel’s label (or NO LABEL, F4, if it has none): { $code } goes into it.
prompt-choose-return = Serial { $serial } was sold on { $count } open returns. Scan the RMA or order number on the packing slip, or press Alt and its number.
prompt-serial-not-found = No open return sold serial { $serial }: received as an unexpected return.
find-returns-title = Find the return by the customer’s name (F7)
find-returns-placeholder = Customer’s name
find-returns-none = No open return for “{ $name }”.
find-returns-close = Back to scanning (Esc)
error-receiving-name-too-short = Type at least 3 letters of the customer’s name.

# A unit's history (the supervisors' trail)
trail-title = Unit history
trail-lpn = Scan or type the LPN
trail-show = Show
trail-here = this station
trail-elsewhere = another station
trail-empty = Nothing recorded for this unit.
trail-open = History
trail-kind-rma-added = Return expected
trail-kind-rma-amended = Return changed
trail-kind-rma-attached = Return found for the parcel
trail-kind-parcel-opened = Parcel opened
trail-kind-parcel-damaged = Parcel damaged
trail-kind-parcel-closed = Parcel closed
trail-kind-exception-recorded = Finding
trail-kind-unit-received = Unit received
trail-kind-unit-parked = Waiting for inspection
trail-kind-inspection-started = Inspection started
trail-kind-inspection-step = Inspection answer
trail-kind-inspection-undone = Answer taken back
trail-kind-inspected = Inspected
trail-kind-decided = Decided
trail-kind-print-queued = Label queued
trail-kind-print-sending = Label sending
trail-kind-print-attempted = Label sent to the printer
trail-kind-print-followed = Printer followed up
trail-kind-print-confirmed = Label confirmed printed
trail-kind-print-replaced = Label replaced
trail-kind-print-dismissed = Label dismissed
trail-kind-unit-taken-over = Taken over from another station
trail-kind-custody-changed = Custody moved
trail-kind-register-settled = Settled at the hub

# Trying a rule table (administrators)
dry-run-title = Try a rule table
dry-run-about = The last 1,000 decisions of the rules at this station, decided again by the table: what would change. Nothing is saved; tables are put at the hub.
dry-run-file = Rule table file (JSON)
dry-run-json = or paste it here
dry-run-go = Try it
dry-run-summary = { $table }: { $compared } decisions tried, { $changed } would change; expected recovery { $delta } in all.
dry-run-from = Now
dry-run-to = Would be
dry-run-recovery = Expected recovery
dry-run-more = … and { $count } more
open-dry-run = Rules
error-rules-invalid = This rule table cannot be used: { $reason }
error-rules-dry-run-empty = The rules have decided nothing at this station yet: there is nothing to try the table on.

## The supervisors' queue (#16)
queue-title = Queue
queue-open = Queue
queue-empty = Nothing in the queue matches.
queue-kind-hold = On hold
queue-kind-waiting = Waiting for inspection
queue-kind-conflict = Conflict between stations
queue-state-ok = On time
queue-state-warn = Due soon
queue-state-breached = Past the target
queue-state-paused = Paused
queue-filter-kind = Kind
queue-filter-state = State
queue-filter-age = At least (hours)
queue-filter-channel = Channel
queue-filter-inspector = Inspected by
queue-filter-flag = Flag
queue-filter-assigned = Assigned to
queue-any = Any
queue-matching = { $shown } of { $matching } shown
queue-hm = { $hours } h { $minutes } min
queue-left = { $time } left
queue-past = { $time } past the target
queue-paused-for = Clock stopped: { $reason }
queue-pause-vendor-rga = waiting for the vendor's RGA
queue-pause-customer = waiting for the customer
queue-pause-carrier-claim = carrier claim open
queue-pause-other = other
queue-extended = Target extended by { $hours } h
queue-assigned = Assigned to { $name }
queue-inspected-by = Inspected by { $name }
queue-select-all = Choose all shown
queue-action = Action
queue-action-release = Release to a channel
queue-action-assign = Assign
queue-action-extend = Extend the target
queue-action-pause = Stop the clock
queue-action-resume = Start the clock again
queue-hours = Hours
queue-unassigned = Nobody
queue-pause-reason = Why
queue-reason = Reason
queue-apply = Apply to { $count } chosen
queue-done = { $count ->
    [one] Done for one item.
   *[other] Done for { $count } items.
}
queue-refresh = Refresh
sla-alert = { $count ->
    [one] 1 item past its target
   *[other] { $count } items past their target
}
error-queue-reason-required = Write the reason for this action.
error-queue-nothing-chosen = Choose at least one item of the queue.
error-queue-too-many = Too many items at once. Choose at most 500.
error-queue-extend-invalid = An extension is 1 to 720 hours.
error-queue-release-to-hold = Choose the channel the units go to.
error-queue-stale = The queue changed meanwhile: { $reason }
error-queue-not-decided = A unit waiting for inspection is inspected, not released.
error-queue-already-paused = The clock of one of the items is stopped already.
error-queue-not-paused = The clock of one of the items is running.
error-queue-unknown-operator = That operator is not active at this station.
trail-kind-queue-changed = Queue item changed
trail-kind-sla-breached = Past the SLA target

## KPIs (#16)
kpi-open = KPIs
kpi-title = KPIs
kpi-from = From
kpi-to = To
kpi-show = Show
kpi-export = Export CSV
kpi-exported = Saved as { $path }
kpi-summary = { $units } units in { $hours } working hours: { $rate } an hour
kpi-chart = Units inspected per day
kpi-units = Units
kpi-hours = Hours
kpi-rate = Per hour
kpi-handle = Mean handle time
kpi-inspectors = Inspectors
kpi-handle-title = Handle time per grading set
kpi-mix = Disposition mix and expected recovery
kpi-by-rule = By the rules
kpi-by-person = By a person
kpi-recovery = Expected recovery
kpi-reasons-sku = Top return reasons per SKU
kpi-reasons-vendor = Top return reasons per vendor
kpi-stated = Stated
kpi-found = Found
kpi-fraud = Fraud signals
kpi-breaches = SLA breaches
error-kpi-range-invalid = That date range cannot be shown: { $reason }
dry-run-jdm-export = Export the table in force for GoRules (JDM)
dry-run-jdm-exported = Saved as { $path }: open it in the GoRules editor.
dry-run-jdm-save = Save the GoRules table for the hub
dry-run-jdm-saved = Saved as { $path }: put it at the hub (redock hub admin rules).
dry-run-jdm-read = A GoRules JDM document: read onto the table in force as its next version.
error-rules-jdm-invalid = This is not a GoRules JDM document: { $reason }
error-rules-jdm-unsupported = Redock's tables cannot hold this: { $reason }
error-export-failed = The file could not be saved: { $reason }

## Operators (#16)
operators-open = Operators
operators-title = Operators
operators-name = Name
operators-badge = Badge
operators-role = Role
operators-language = Language
operators-active = Active
operators-pin = New PIN
operators-pin-save = Set PIN
operators-locked = locked after wrong PINs
operators-add = Add an operator
operators-added = { $name } added.
operators-changed = { $name } changed.
operators-pin-reset = { $name } has a new PIN.
error-operators-role-required = Choose the operator's role: inspector, supervisor or administrator.
error-operators-language-unknown = Choose one of the station's languages.
error-operators-pin-invalid = A PIN is 4 to 8 digits.
error-operators-badge-invalid = A badge is 1 to 64 characters without spaces.
error-operators-badge-taken = That badge belongs to another operator.
error-operators-name-required = Write the operator's name.
error-operators-at-hub = This station is enrolled with a hub: operators are set there for the whole site.
error-operators-last-admin = The station's last active administrator stays one.
error-operators-not-yourself = You cannot disable yourself.

## Asking a supervisor (#16)
ask-open = Ask a supervisor
ask-title = Ask a supervisor about { $lpn }
ask-current = The rules decided: { $channel }.
ask-why = Why should a supervisor look?
ask-channel = The channel you would choose
ask-send = Send to the supervisors' queue
ask-sent = Sent: it waits in the supervisors' queue.
queue-kind-request = Asked to look
queue-action-dismiss = Dismiss the request (the decision stands)
error-queue-already-requested = A supervisor has been asked about this unit already.
error-queue-not-a-request = Only a request to look is dismissed.
