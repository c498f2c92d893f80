# Redock-stasjon — norsk bokmål. Nøklene deles av UI-et (@fluent/bundle) og Rust (etiketter, feil).
# Hver nøkkel her må finnes i en, pl, ro og ru (sjekkes av tester).

app-title = Redock
language-name = Norsk bokmål

## Log-in
login-title = Logg inn på stasjonen
login-badge-label = ID-kort
login-badge-hint = Skann ID-kortet ditt eller skriv inn koden
login-pin-label = PIN
login-submit = Logg inn
login-language = Språk
login-working = Kontrollerer…
login-switch = { $name }: PIN-koden din tar over stasjonen
login-cancel = Tilbake

## Station screen
station-operator = { $name } ({ $role })
station-logout = Logg ut
station-scan-label = Skann
station-scan-hint = Skann en kode, eller skriv den inn og trykk Enter
station-waiting = Klar for neste skanning
station-saving = Lagrer…
station-last-scan = Siste skanning
station-recent = Nylige skanninger
station-pending = { $count ->
    [one] { $count } hendelse venter på synkronisering
   *[other] { $count } hendelser venter på synkronisering
}
station-readonly = Denne stasjonen kan ikke registrere noe: databasen er skrivebeskyttet. Tilkall en arbeidsleder.
station-queued = { $count ->
    [one] { $count } skanning venter på å bli lagret
   *[other] { $count } skanninger venter på å bli lagret
}
station-name = { $station } · { $site }

## Receiving
parcel-title = Pakke { $code }
parcel-none = Ingen pakke er åpen. Skann en pakkeetikett, et RMA-nummer eller et ordrenummer.
parcel-damaged = Skadet under transport
parcel-closed = Lukket
parcel-units = Mottatte enheter
parcel-exceptions = Avvik
parcel-no-returns = Ingen forventet retur for denne pakken
parcel-hint = Skann hver vare. Skann deretter CLOSE; EMPTY hvis esken er tom; DAMAGED hvis pakken kom skadet.
line-status = { $received }/{ $qty }
action-opened = Pakke åpnet
action-attached = Retur lagt til denne pakken
action-received = Enhet mottatt: { $lpn }
action-damaged = Pakke merket som skadet
action-closed = Pakke lukket
repeat-parcel_open = Allerede åpen: denne pakken er på pulten
repeat-rma_on_parcel = Allerede i denne pakken: ingenting lagt til
repeat-unit_received = Allerede mottatt: { $lpn }
repeat-unit_on_desk = Allerede på pulten: { $lpn }
repeat-double_read = Lest to ganger: tatt én gang
unit-parked = { $lpn } venter på kontroll: etiketten skrives ut, legg enheten på ventehyllen
close-waiting = { $count ->
    [one] 1 enhet fra denne pakken venter på kontroll: { $lpns }
   *[other] { $count } enheter fra denne pakken venter på kontroll: { $lpns }
}
waiting-title = Venter på kontroll
waiting-hint = Skann en enhets LPN for å kontrollere den
setting-unreadable = Innstillingen «{ $key }» kan ikke leses ({ $reason }): stasjonen bruker standardverdien
exception-unexpected_return = Uventet retur: denne pakken står ikke i noen RMA
exception-wrong_item = Feil vare: ikke blant returene for denne pakken
exception-extra_item = Ekstra vare: mer enn returen tilsier
exception-missing_item = Manglende vare: forventet, men ikke i esken
exception-serial_mismatch = Feil serienummer: ikke serienummeret som ble solgt
exception-empty_box = Tom eske
exception-damaged_in_transit = Skadet under transport
exception-late_return = Sen retur: butikkens returfrist er utløpt

## Scanner
scanner-connected = Skanner: { $port }
scanner-disconnected = Skanneren er koblet fra ({ $port }): { $reason }. Koble den til igjen; stasjonen finner den selv.
scanner-overflow = Skanneren sendte { $count } byte uten kodeslutt; de ble forkastet. Skann på nytt.
settings-scanner = Skannerinnstillinger
settings-port = Seriell port
settings-baud = Hastighet (baud)
settings-suffix = Kodeslutt
settings-save = Lagre
settings-remove = Ingen seriell skanner
settings-close = Lukk
settings-saved = Lagret.
suffix-cr = CR (Enter-tast)
suffix-crlf = CR + LF (linjeskift)
suffix-lf = LF (ny linje)
suffix-tab = Tabulator

settings-wedge = Tastaturskanner
settings-gap = Skannerens tempo: pause mellom tastene, høyst (ms)
settings-wedge-ends = En skanning slutter med
settings-gs = Tegnet skanneren sender for FNC1 (GS)
settings-layout = Tastaturoppsettet skanneren er satt til
settings-layout-hint = Stasjonen leser skannerens taster med dette oppsettet, uansett hvilket oppsett tastaturet skriver med.
layout-us = Amerikansk (også polsk og rumensk programmerer)
layout-de = Tysk
layout-no = Norsk
settings-serial = Seriell skanner
ends-enter-tab = Enter eller Tab
ends-enter = Enter-tast
ends-tab = Tabulator

## Import
import-title = Importer returer
import-choose = Velg en CSV-fil (én rad per RMA-linje; UTF-8 eller tegnsettet Excel lagret den i)
import-result = Returer importert: { $imported } (av { $rows } rader).
import-encoding = Lest som { $encoding }.
import-row-error = Linje { $line }: { $reason }

import-row-unreadable = raden kan ikke leses ({ $reason })
import-row-empty = { $field } er tom
import-row-unknown-shop = butikken «{ $value }» er ikke satt opp på denne stasjonen
import-row-rma-format = «{ $rma }» passer ikke til RMA-formatet til butikken { $shop }
import-row-rma-exists = { $rma } finnes allerede på stasjonen
import-row-bad-date = ordredatoen «{ $value }» er ikke en dato (ÅÅÅÅ-MM-DD)
import-row-bad-tier = kundenivået «{ $value }» er ikke standard, loyal eller vip
import-row-not-count = { $field } «{ $value }» er ikke et helt tall på minst 1
import-row-unknown-sku = stasjonen kjenner ikke SKU «{ $sku }»
import-row-too-many-serials = { $serials } serienumre for et antall på { $quantity }
import-row-header-mismatch = { $rma }: ordre, kunde eller sporingsnummer avviker fra linje { $first }
import-row-duplicate-line = { $rma } har linje { $line_no } to ganger
import-row-no-lines = { $rma } har ingen linjer

## Roles
role-inspector = kontrollør
role-supervisor = arbeidsleder
role-admin = administrator

## Scan sources
source-wedge = skanner
source-manual = tastet inn
source-serial = seriell skanner
source-cli = kommandolinje

## Kinds of code
kind-gs1 = GS1-strekkode
kind-ean13 = EAN-13
kind-upca = UPC-A
kind-ean8 = EAN-8
kind-gtin14 = GTIN-14
kind-digital_link = GS1 Digital Link
kind-tracking = Sporingsnummer
kind-rma = Returautorisasjon (RMA)
kind-lpn = Enhets-ID (LPN)
kind-tote = Kasse
kind-bin = Lagerplass
kind-badge = Operatørkort
kind-command = Kommando
kind-order = Ordrenummer
kind-unknown = Ukjent kode

scan-valid = gyldig
scan-invalid = ugyldig
scan-read = Lest: { $text }

## What a code was found to be
match-product = Produkt: { $name }
match-category = Kategori: { $category }
match-expected-in = Forventet i RMA: { $rmas }
match-not-expected = Ikke forventet i noen åpen retur
match-no-match = Ikke funnet i denne stasjonens data
match-returns-rma = Forventet retur
match-returns-tracking = Pakkeetikett: { $count ->
    [one] { $count } forventet retur
   *[other] { $count } forventede returer
}
match-returns-order = Ordre { $order }
match-customer = Kunde: { $name }
match-tier = Nivå: { $tier }
match-order-date = Bestilt { $date }
match-line = { $qty } × { $name } ({ $received } mottatt)
match-unit = Enhet { $lpn }: { $status }

tier-standard = vanlig
tier-loyal = lojal
tier-vip = VIP

## Errors (error-<code>, dots and underscores as hyphens)
error-title = Ikke lagret
error-scan-empty = Skanningen var tom. Skann på nytt.
error-scan-too-long = Skanningen er for lang ({ $len } byte; maks { $max }). Skann én kode om gangen.
error-scan-control-char = Skanningen inneholder et kontrolltegn ({ $char } i posisjon { $position }). Sjekk innstillingene på skanneren.
error-store-read-only = Databasen er skrivebeskyttet. Ingenting kan registreres. Tilkall en arbeidsleder.
error-store-busy = Databasen er opptatt i et annet program. Prøv igjen; hvis den fortsatt er opptatt, tilkall en arbeidsleder.
error-store-disk-full = Disken er full. Ingenting mer kan registreres. Tilkall en arbeidsleder.
error-store-newer-schema = Databasen tilhører en nyere Redock (versjon { $found }; denne støtter { $known }). Den ble ikke åpnet.
error-store-corrupt = Databasefilen er skadet. Tilkall en arbeidsleder.
error-store-cannot-open = Databasen kan ikke åpnes: { $reason }
error-store-error = Stasjonen kunne ikke lagre: { $reason }
error-auth-unknown-badge = Ingen operatør har ID-kort { $badge }.
error-auth-badge-scanned = { $name }: PIN-koden deres tar over stasjonen
error-auth-idle = Logget ut etter { $minutes } minutter uten skanning.
error-auth-wrong-pin = Feil PIN. { $remaining ->
    [one] { $remaining } forsøk igjen.
   *[other] { $remaining } forsøk igjen.
}
error-auth-locked = Dette ID-kortet er sperret til { $until } etter for mange feil PIN-koder.
error-auth-not-logged-in = Logg inn på nytt.
error-auth-forbidden = Dette krever rollen { $role }.
error-config-invalid = Stasjonens konfigurasjon er ugyldig: { $reason }
error-not-found = Fant ikke { $what } { $id }.
error-import-refused = Filen kan ikke importeres: { $reason }
error-import-encoding-unsure = Filens tegnkoding kan ikke fastslås sikkert: linje { $line } lest som { $guess } blir «{ $sample }». Lagre den som «CSV UTF-8» og importer den på nytt.
error-code-unknown = Ukjent kode: den passer ikke med noe format stasjonen kjenner.
error-code-check-digit = Kontrollsifferet er feil: koden ble lest eller trykt feil.
error-code-unknown-command = Stasjonen kjenner ikke denne kommandostrekkoden.
error-gs1-truncated = Denne GS1-strekkoden slutter for tidlig: et felt er ufullstendig.
error-gs1-unknown-ai = Denne GS1-strekkoden inneholder en applikasjonsidentifikator (AI) som ikke finnes.
error-gs1-too-long = Et felt i denne GS1-strekkoden er lengre enn GS1 tillater.
error-gs1-bad-char = Et felt i denne GS1-strekkoden inneholder et tegn som GS1 ikke tillater der.
error-gs1-check-digit = Et kontrollsiffer i denne GS1-strekkoden er feil: koden ble lest eller trykt feil.
error-gs1-bad-date = En dato i denne GS1-strekkoden er ikke en gyldig dato.
error-gs1-bad-value = En verdi i denne GS1-strekkoden bryter GS1-reglene for feltet.
error-gs1-duplicate-ai = Denne GS1-strekkoden inneholder samme felt to ganger med ulike verdier.
error-gs1-ambiguous-split = Denne GS1-strekkoden mangler et skilletegn og kan leses på mer enn én måte. Skann den på nytt eller skriv den inn.
error-gs1-syntax = Denne GS1-strekkoden er feil oppbygd.
error-dl-bad-percent = Denne GS1 Digital Link-adressen har en ugyldig %-koding.
error-dl-bad-path = Stien i denne GS1 Digital Link-adressen er ikke en gyldig GS1-nøkkel med kvalifikatorer.
error-dl-bad-query = Spørrestrengen i denne GS1 Digital Link-adressen inneholder et ugyldig GS1-attributt.
error-tracking-check-digit = Kontrollsifferet i dette sporingsnummeret er feil: nummeret ble lest eller trykt feil.
error-tracking-bad-country = Dette sporingsnummeret fra posten slutter på en landkode som ikke finnes.
error-tracking-ambiguous = Dette nummeret passer med formatet til flere transportører; velg transportør.
error-ipc = Stasjonen svarte ikke: { $reason }


## Inspection
inspect-title = Kontroll
inspect-unknown-item = Ukjent vare
inspect-set = Vurderingssett: { $set } v{ $version }
inspect-question = Spørsmål { $number } av { $count }
inspect-fail-grade = «Ja» gir karakter { $grade }
inspect-grade = Karakter
inspect-no-grade = Ikke vurdert ennå
inspect-settled-question = Avgjort av det første problemet som ble funnet
inspect-settled-all = Alle kontroller bestått
inspect-settled-chosen = Karakter valgt av kontrolløren
inspect-axes = Tilstand
inspect-defects = Feil
inspect-reason-found = Funnet årsak
inspect-reason-stated = Kundens årsak: { $reason }
inspect-photos = { $count ->
    [one] { $count } bilde
   *[other] { $count } bilder
}
inspect-hold = Holdt for en leder
inspect-external = Markedsplasser
inspect-scale-amazon = Amazon
inspect-scale-ebay = eBay
inspect-scale-ctia_functional = CTIA funksjon
inspect-scale-ctia_cosmetic = CTIA utseende
inspect-not-listable = kan ikke legges ut
inspect-key-ok = F1 Nei
inspect-key-fail = F2 Ja
inspect-key-pass = F3 Alt i orden
inspect-key-photo = F5 Bilde
inspect-key-hold = F6 Hold tilbake
inspect-key-undo = F8 Angre
inspect-key-next = F9 Lagre
inspect-hint-graded = Skann neste vare, eller trykk F9 for å lagre.
inspect-action-started = Kontrollerer { $lpn }
inspect-action-resumed = Tilbake til { $lpn }
inspect-action-undone = Siste svar er angret
inspect-action-photo = Ta eller velg et bilde
inspect-day = I dag: { $count } enheter · { $rate } per time
inspect-none = Skann en vare for å ta den imot og kontrollere den, eller en enhets LPN.
## Decision
decision-title = Beslutning
decision-channel-restock = Tilbake på lager
decision-channel-refurbish = Reparasjon
decision-channel-liquidate = Utsalg
decision-channel-rtv = Retur til leverandør
decision-channel-donate = Donasjon
decision-channel-recycle = Gjenvinning
decision-channel-destroy = Destruksjon
decision-channel-hold = Holdt for vurdering
decision-destination = Legg den i { $destination }
decision-recovery = Forventet gjenvinning: { $amount }
decision-refund-full = Refusjon: hele beløpet, { $amount }
decision-refund-partial = Refusjon: { $amount } (returgebyr { $fee } %)
decision-refund-none = Ingen refusjon
decision-refund-review = Refusjon: en arbeidsleder avgjør
decision-by-rule = Regel { $rule }
decision-by-person = Bestemt av en person: { $note }
decision-inspector-hold = Holdt tilbake av kontrolløren
decision-why = Hvorfor?
decision-why-close = Lukk
decision-label-alt = Etikett for { $lpn }
decision-reprint = Skriv ut etiketten på nytt
decision-reprinted = Etiketten ligger i utskriftskøen igjen.
decision-trace-row = Rad { $row } passet
decision-trace-missed = Rad { $row } passet ikke: { $field } var { $value }
decision-trace-channels = Forventet gjenvinning per kanal
decision-trace-closed = ikke tillatt
decision-flags = Tegn på svindel
flag-empty_box = Tom eske
flag-swapped_item = Byttet vare (annen GTIN)
flag-serial_mismatch = Serienummer stemmer ikke
flag-used_beyond_window = Brukt etter returfristen
flag-repeat_returner = Hyppig returnerer
decision-held-unknown_item = Ingen kjent SKU for denne varen
decision-held-no_expected_return = Ingen forventet retur nevner denne varen

## Decisions in sentences (built from the trace by redock-domain disposition::explain)
decision-details = Detaljer
decision-details-close = Skjul detaljer
explain-skipped = { $rule }? Nei: { $fact }.
explain-skipped-needs = { $rule }? Nei: { $fact }; { $needs }.
explain-decided = { $rule }? Ja: { $facts }.
explain-decided-always = { $rule }: den siste regelen, for hver enhet reglene over ikke tok.
explain-best-chosen = Mest tilbake gir { $channel }: { $amount }.
explain-best-other = { $channel } ville gitt { $amount }.
explain-best-blocked = { $channel } hoppet over: { $note }.
explain-best-unvalued = Gjenvinningen kunne ikke verdsettes, så den første kanalen regelen tillater ble valgt: { $channel }.
explain-rules-would = Uten tilbakeholdet ville reglene valgt: { $channel }.
explain-override-was = Før endringen: { $channel }.
explain-fact-grade = graden er { $grade }
explain-fact-axis = { $axis } er { $value }
explain-fact-axis-missing = kontrollen registrerte ingen { $axis }
explain-fact-category = kategorien er { $category }
explain-fact-currency = prisen er i { $currency }
explain-fact-cost = enheten kostet { $amount }
explain-fact-price = prisen er { $amount }
explain-fact-days = { $days ->
    [0] den ble kjøpt i dag
    [one] den ble kjøpt for { $days } dag siden
   *[other] den ble kjøpt for { $days } dager siden
}
explain-fact-window-within = den kom tilbake innen butikkens returfrist ({ $days ->
        [one] { $days } dag
       *[other] { $days } dager
    } etter kjøpet)
explain-fact-window-late = den kom tilbake etter butikkens returfrist ({ $days ->
        [one] { $days } dag
       *[other] { $days } dager
    } etter kjøpet)
explain-fact-tier = kundenivået er { $tier }
explain-fact-vendor-eligible = leverandøren tar enheter tilbake, men krever det ikke
explain-fact-vendor-forced = leverandøren krever defekte enheter tilbake
explain-fact-vendor-prohibited = leverandøren tar ingenting tilbake
explain-fact-vendor-none = ingen leverandøravtale dekker dette produktet
explain-fact-vendor-window-open = { $left ->
    [0] leverandørens frist går ut i dag
    [one] leverandørens frist er åpen { $left } dag til
   *[other] leverandørens frist er åpen { $left } dager til
}
explain-fact-vendor-window-closed = { $ago ->
    [one] leverandørens frist gikk ut for { $ago } dag siden
   *[other] leverandørens frist gikk ut for { $ago } dager siden
}
explain-fact-vendor-window-days = leverandørens frist er { $days ->
        [one] { $days } dag
       *[other] { $days } dager
    }
explain-fact-vendor-credit = leverandøren krediterer { $credit } av kostprisen vår
explain-fact-flags = enheten har tegn på svindel ({ $flags })
explain-fact-flags-none = enheten har ingen tegn på svindel
explain-needs = { $op ->
    [not] regelen utelater { $expected }
    [lt] regelen krever under { $limit }
    [le] regelen krever høyst { $limit }
    [gt] regelen krever over { $limit }
    [ge] regelen krever minst { $limit }
    [between] regelen krever { $low } til { $high }
   *[is] regelen krever { $expected }
}
explain-needs-days = { $op ->
    [not] regelen utelater { $expected } dager
    [eq] regelen krever nøyaktig { $limit ->
        [one] { $limit } dag
       *[other] { $limit } dager
    }
    [lt] regelen krever under { $limit ->
        [one] { $limit } dag
       *[other] { $limit } dager
    }
    [le] regelen krever høyst { $limit ->
        [one] { $limit } dag
       *[other] { $limit } dager
    }
    [gt] regelen krever over { $limit ->
        [one] { $limit } dag
       *[other] { $limit } dager
    }
    [ge] regelen krever minst { $limit ->
        [one] { $limit } dag
       *[other] { $limit } dager
    }
    [between] regelen krever { $low } til { $high } dager
   *[is] regelen krever { $expected } dager
}
explain-needs-flags = regelen gjelder { $flags }
recovery-note-no-vendor-agreement = ingen leverandøravtale dekker dette produktet
recovery-note-agreement-prohibits-rtv = leverandøravtalen tillater ingen retur
recovery-note-vendor-window-closed = { $ago ->
    [one] leverandørens frist gikk ut for { $ago } dag siden
   *[other] leverandørens frist gikk ut for { $ago } dager siden
}
recovery-note-currency-mismatch = Regeltabellens satser er i { $table } og enhetens pris i { $unit }: gjenvinningen kunne ikke verdsettes.
recovery-note-input-rates = Verdsatt med enhetens egne satser.
recovery-note-category-rates = Verdsatt med satsene for { $category }.
recovery-note-default-rates = Verdsatt med tabellens generelle satser: den har ingen for { $category }.
# Rule reason codes (reason-<code>, dots and underscores as hyphens): what a rule is for, read as a question
reason-fraud-suspected = Holde tilbake ved mistanke om svindel
reason-abuse-review = Holde tilbake for vurdering av misbruk
reason-vendor-forced-rtv = Retur til leverandør, slik avtalen krever
reason-value-review = Vurdere en dyr enhet i dårlig stand
reason-hygiene-destroy = Destruere klær som ikke besto hygienekontrollen
reason-resell-as-new = Tilbake på lager som ny
reason-resell-loyal-lenient = Tilbake på lager for en lojal kunde
reason-resell-like-new = Tilbake på lager som nesten ny
reason-late-recheck = Sjekke en sen retur på nytt før salg
reason-value-best-electronics = Elektronikk til kanalen som gir mest tilbake
reason-refurbish-electronics = Reparere elektronikk
reason-liquidate-electronics-parts = Selge elektronikk som deler
reason-recycle-ewaste = Gjenvinne som EE-avfall
reason-refurbish-apparel-clean = Rense og merke klær på nytt
reason-donate-apparel = Donere klær
reason-recycle-textile = Gjenvinne som tekstil
reason-value-best-home = Hjemmevarer til kanalen som gir mest tilbake
reason-liquidate-home = Selge hjemmevarer i partier
reason-destroy-unsafe = Destruere som utrygg
reason-value-best-default = Alt annet til kanalen som gir mest tilbake
# Reasons the station gives when the rules did not decide
reason-engine-no-row-matched = Ingen regel passer for denne enheten: den venter på en person.
reason-unknown-item = Ingen kjent SKU for denne varen: den venter på en person.
reason-no-expected-return = Ingen forventet retur nevner denne varen: den venter på en person.
reason-input-not-valid = Enhetens data passer ikke til reglene (se detaljene): den venter på en person.
reason-order-date-unreadable = Ordredatoen kan ikke leses, så returfristen kan ikke sjekkes: den venter på en person.
reason-inspector-hold = Kontrolløren holdt enheten tilbake for en arbeidsleder.
reason-override = En arbeidsleder bestemte i stedet for reglene.

## Holds (supervisors)
holds-title = Holdt tilbake
holds-open = Holdt tilbake ({ $count })
holds-empty = Ingen enheter er holdt tilbake.
holds-age = venter { $minutes } min
override-channel = Send til
override-refund = Refusjon
override-refund-keep = Som bestemt
override-refund-full = Hele beløpet
override-refund-partial = Minus et returgebyr
override-refund-none = Ingen
override-refund-fee = Returgebyr (%)
override-note = Årsak (påkrevd)
override-save = Lagre beslutningen
override-saved = Beslutningen for { $lpn } er lagret.
## Photos
photo-title = Bilde
photo-camera = Ta et bilde
photo-file = Velg en fil
photo-no-camera = Ingen kamera i dette vinduet: velg en fil, eller legg bilder i stasjonens bildemappe.
photo-added = Bilde lagt til.
photo-cancel = Avbryt
## Errors of inspection, disposition and photos
error-inspection-already-settled = Karakteren er allerede satt. Skann UNDO for å endre et svar.
error-inspection-unknown-grade = Denne karakteren finnes ikke på skalaen for denne varen.
error-inspection-contradicts = Den karakteren motsier et svar som allerede er gitt. Skann UNDO først.
error-inspection-unknown-defect = Denne feilen står ikke på listen for denne varen.
error-inspection-defect-twice = Denne feilen er allerede registrert.
error-inspection-unknown-reason = Denne årsaken står ikke på listen for denne varen.
error-inspection-photo-twice = Dette bildet er allerede lagt ved.
error-inspection-nothing-to-undo = Det finnes ikke noe svar å angre.
error-inspection-no-unit = Ingen enhet kontrolleres. Skann en vare eller en LPN først.
error-inspection-not-graded = Enheten har ingen karakter ennå. Svar på spørsmålet eller skann en karakter.
error-inspection-set-changed = Vurderingssettet for denne kontrollen er ikke lenger lastet. Tilkall en leder.
error-disposition-reason-required = Skriv årsaken til denne beslutningen.
error-disposition-refund-invalid = Et returgebyr er mellom 0,01 % og 99,99 % av prisen.
error-disposition-not-decided = Denne enheten har ingen beslutning ennå.
error-photo-too-large = Bildefilen er for stor.
error-photo-too-many-pixels = Bildet har for mange piksler.
error-photo-unsupported-format = Denne filen er ikke et JPEG-, PNG- eller WebP-bilde.
error-photo-unreadable = Bildet kan ikke leses: filen er skadet eller ikke et bilde.
error-photo-io = Bildet kunne ikke lagres.
error-photo-disk-full = Disken er full: bildet ble ikke lagret. Tilkall en leder.

# Labels (enhetsetiketten; kanalene skrives med store bokstaver: hold dem korte)
label-grade = Klasse
label-destination = Destinasjon
label-station = Stasjon
label-date = Dato
label-channel-restock = Tilbake på lager
label-channel-refurbish = Istandsetting
label-channel-liquidate = Utsalg
label-channel-rtv = Retur til leverandør
label-channel-donate = Donasjon
label-channel-recycle = Gjenvinning
label-channel-destroy = Destruksjon
# Printed on the LPN label of a unit received and not yet graded.
label-channel-waiting = Til kontroll
label-channel-hold = På vent


## Printing
print-waiting = { $count ->
    [one] { $count } etikett venter på skriveren
   *[other] { $count } etiketter venter på skriveren
}
print-failed = { $count ->
    [one] { $count } etikett kunne ikke skrives ut: tilkall en leder
   *[other] { $count } etiketter kunne ikke skrives ut: tilkall en leder
}
print-reprint = Skriv ut etiketten på nytt
print-queued = Etikett for { $lpn } står i kø
error-print-offline = Skriveren svarer ikke. Etikettene venter og skrives ut når den er tilbake; fortsett å jobbe.
error-print-timeout = Skriveren sluttet å ta imot etiketten. Det blir prøvd igjen.
error-print-disk-full = Disken til etikettmappen er full. Tilkall en leder.
error-print-io = Etiketten kunne ikke sendes til skriveren. Det blir prøvd igjen.
error-print-refused = Skriveren avviste etiketten. Tilkall en leder.
error-print-no-such-queue = Utskriftskøen som er satt for denne stasjonen finnes ikke. Tilkall en leder.
error-print-no-such-job = Skriveren kjenner ikke lenger denne jobben.
error-print-stopped = Skriveren er stoppet (slått av, tom for etiketter eller satt på pause i CUPS). Etikettene venter og skrives ut når den startes igjen; fortsett å jobbe.
error-print-job-ended = Utskriftsserveren avsluttet jobben uten å skrive ut etiketten. Tilkall en leder for å skrive den ut på nytt.
error-print-denied = Stasjonen har ikke lov til å skrive i etikettmappen. Tilkall en leder.
error-print-bad-config = Skriverinnstillingene kan ikke fungere. Tilkall en leder.
error-print-bad-job = Utskriftsjobben er ugyldig.
error-label-render = Etiketten kan ikke tegnes: { $reason }
print-unsure = Etiketten for { $lpn } kan ha blitt skrevet ut: stasjonen stoppet mens den ble sendt. Se på skriveren.
print-unsure-confirm = Skrevet ut — bekreft
print-unsure-reprint = Ikke der — skriv ut på nytt
print-failed-dismiss = Avvis
error-print-settled = Denne etiketten er allerede avklart: skrevet ut, skrevet ut på nytt eller avvist.
error-print-sending = Stasjonen sender eller registrerer denne etiketten akkurat nå. Prøv igjen om et øyeblikk.
sheet-title = Stasjonsark: skann en kommando

## Skriverinnstillinger (arbeidsledere og administratorer)
printer-title = Skriverinnstillinger
printer-loading = Laster skriverinnstillingene…
printer-kind = Skrivertype
printer-kind-folder = Mappe (etikettfiler på denne datamaskinen)
printer-kind-cups = CUPS-skriverkø
printer-kind-raw = Nettverksskriver (port 9100)
printer-kind-serial = Seriell skriver
printer-dir = Mappe for etikettfilene
printer-cups-server = CUPS-server (vert:port; tom for denne datamaskinen)
printer-cups-queues = Køer funnet
printer-cups-choose = Velg en kø…
printer-cups-queue = Kønavn
printer-cups-refresh = Oppdater
printer-cups-loading = Ser etter CUPS-køer…
printer-cups-none = CUPS har ingen køer på { $server }. Skriv inn kønavnet.
printer-cups-unreachable = CUPS svarer ikke på { $server }. Du kan fortsatt skrive inn kønavnet.
printer-cups-stopped = stoppet
printer-cups-not-accepting = tar ikke imot jobber
printer-host = Skriverens adresse (vertsnavn eller IP)
printer-port = TCP-port
printer-timeout = Tidsavbrudd (ms)
printer-format = Etikettformat
printer-format-pdf = PDF (alle skrivere, eller filer)
printer-format-zpl = ZPL (Zebra og kompatible termoskrivere)
printer-format-png = PNG (bilde)
printer-template = Etikettstørrelse
printer-template-4x6in = Fraktetikett 4 × 6 tommer
printer-template-100x150mm = Fraktetikett 100 × 150 mm
printer-template-unit-2x1in = Enhetsetikett 2 × 1 tomme
printer-dpi = Skriveroppløsning (dpi)
printer-dpi-pdf = En PDF-etikett passer alle skrivere; oppløsningen gjelder bare ZPL og PNG.
printer-test = Testutskrift
printer-testing = Sender en testetikett…
printer-test-file = Testetiketten er skrevet til { $path }
printer-test-cups = Testetiketten er sendt til CUPS-køen { $queue } som jobb { $job }.
printer-test-sent = Testetiketten er sendt til { $device } ({ $bytes } byte).
printer-test-failed = Testetiketten ble ikke skrevet ut: { $reason }
printer-port-invalid = Porten må være et heltall fra 1 til 65535.
printer-timeout-invalid = Tidsavbruddet må være et helt antall millisekunder, minst 1.
printer-baud-invalid = Hastigheten må være et helt antall baud, minst 1.
retention-title = Oppbevaring av etiketter
retention-days = Behold etikettfiler og fullførte utskriftsjobber i (dager)
retention-hint = Én gang om dagen fjernes etikettfiler i etikettmappen og utskrevne eller avviste utskriftsjobber som er eldre enn dette.
retention-days-invalid = Antall dager må være et helt tall fra 1 til 3650.
label-test-title = Testetikett (ikke en enhet)

# The event log, personal data, compaction
error-event-unknown-kind = Stasjonens logg har en hendelse av en type denne versjonen ikke kjenner ({ $reason }). Ingenting ble endret; oppdater Redock på denne stasjonen.
error-event-newer-version = Stasjonens logg har en hendelse skrevet av en nyere Redock ({ $reason }). Ingenting ble endret; oppdater Redock på denne stasjonen.
error-event-no-such-version = En hendelse i loggen har en versjon som aldri har fantes ({ $reason }). Ingenting ble endret; ring support.
error-event-malformed = En hendelse i loggen kan ikke leses ({ $reason }). Ingenting ble endret; ring support.
error-event-encode = Endringen kunne ikke skrives til loggen ({ $reason }). Ingenting ble registrert.
error-customer-unknown = Ingen slik kunde er kjent på denne stasjonen. Ingenting ble slettet.
error-customer-already-erased = Denne kundens data er allerede slettet.
error-log-not-acknowledged = Bare hendelser huben har bekreftet kan fjernes: { $reason }
error-log-keep-everything = Denne stasjonen beholder alle hendelser (ingen oppbevaringstid er satt). Ingenting ble fjernet.
error-import-use-hub = Denne stasjonen er koblet til en hub: importer filen i huben, som sender returene til alle stasjonene på stedet.
error-data-unknown-tier = Stasjonens data har et kundenivå denne versjonen ikke kjenner ({ $value }). Oppdater Redock på denne stasjonen, eller tilkall en arbeidsleder.
error-data-unknown-rtv-terms = Stasjonens data har returvilkår for leverandøren som denne versjonen ikke kjenner ({ $value }). Oppdater Redock på denne stasjonen, eller tilkall en arbeidsleder.
error-data-unknown-channel = Stasjonens data har en disponeringskanal denne versjonen ikke kjenner ({ $value }). Oppdater Redock på denne stasjonen, eller tilkall en arbeidsleder.
error-data-unknown-decided-by = Stasjonens data har en beslutning tatt av noen denne versjonen ikke kjenner ({ $value }). Oppdater Redock på denne stasjonen, eller tilkall en arbeidsleder.
error-data-unknown-unit-status = Stasjonens data har en enhetsstatus denne versjonen ikke kjenner ({ $value }). Oppdater Redock på denne stasjonen, eller tilkall en arbeidsleder.
error-data-unknown-exception-kind = Stasjonens data har et mottaksavvik denne versjonen ikke kjenner ({ $value }). Oppdater Redock på denne stasjonen, eller tilkall en arbeidsleder.
customer-erased = kundedata slettet

# Sync with the hub
error-sync-not-enrolled = Denne stasjonen er ikke registrert hos en hub.
error-sync-stopped = Synkroniseringen er stoppet: { $reason }
error-sync-other-site = Denne registreringskoden er for et annet sted. { $reason }
error-sync-hub-unreachable = Huben kan ikke nås; hendelsene venter her og ingenting går tapt. { $reason }
error-sync-refused = Huben avviste: { $reason }
error-sync-hub-behind = Huben har mistet hendelser denne stasjonen ikke lenger har: { $reason }
error-sync-seq-conflict = Synkronisering stoppet: huben har andre hendelser under de samme numrene (databasen ble gjenopprettet eller kopiert). Ring support. { $reason }
error-sync-stream-continued = Denne databasen ble gjenopprettet fra en sikkerhetskopi eller kopiert: den fortsetter i en ny strøm og ingenting som er registrert her går tapt; det tapte arbeidet kommer tilbake fra huben. { $reason }
error-sync-stream-closed = Synkronisering stoppet: en annen kopi av denne stasjonens database fortsetter som denne stasjonen. Bruk den; ring support. { $reason }
error-sync-lpn-reused = Disse LPN-ene ble delt ut to ganger etter gjenopprettingen; merk en av de to enhetene på nytt: { $reason }
error-sync-revoked = Huben har trukket tilbake stasjonens tilgang; en administrator må registrere den på nytt.
error-custody-elsewhere = Denne enheten er overlevert til en annen stasjon. Kontroller den der, eller skann den her igjen for å ta den tilbake.
error-custody-hub-unreachable = Denne enheten holdes av en annen stasjon, og huben kan ikke overlevere den nå. Legg den til side og skann den igjen når nettet er tilbake. { $reason }
error-custody-unknown-unit = Ingen stasjon på dette anlegget har mottatt denne enheten. Sjekk etiketten, eller motta enheten på nytt.
error-sync-unauthorized = Huben kjenner ikke stasjonens token; en administrator må registrere den på nytt.
sync-stopped = Synkronisering stoppet: { $reason }
sync-unreachable = Huben har vært utilgjengelig siden { $since }; ingenting går tapt
sync-last = Sist synkronisert { $at }
sync-notice-dismiss = Lest

## A parcel without a label (CMD:NOLABEL)
parcel-key-nolabel = F4 Uten etikett
parcel-no-label = Pakke uten etikett
parcel-no-label-hint = Finn returen: skann et produkt (serienummeret slås opp), ordrenummeret eller RMA på følgeseddelen, eller trykk F7 for å søke på kundens navn.
exception-label_missing = Etikett mangler: returen ble funnet ut fra innholdet
prompt-no-parcel-open = Ingen pakke er åpen. Skann pakkens etikett (eller UTEN ETIKETT, F4, hvis den mangler): { $code } legges i den.
prompt-choose-return = Serienummer { $serial } ble solgt på { $count } åpne returer. Skann RMA eller ordrenummeret på følgeseddelen, eller trykk Alt og nummeret.
prompt-serial-not-found = Ingen åpen retur solgte serienummer { $serial }: mottatt som uventet retur.
find-returns-title = Finn returen på kundens navn (F7)
find-returns-placeholder = Kundens navn
find-returns-none = Ingen åpen retur for «{ $name }».
find-returns-close = Tilbake til skanning (Esc)
error-receiving-name-too-short = Skriv minst 3 bokstaver av kundens navn.

# A unit's history (the supervisors' trail)
trail-title = Enhetens historikk
trail-lpn = Skann eller skriv LPN
trail-show = Vis
trail-here = denne stasjonen
trail-elsewhere = en annen stasjon
trail-empty = Ingenting registrert for denne enheten.
trail-open = Historikk
trail-kind-rma-added = Retur varslet
trail-kind-rma-amended = Retur endret
trail-kind-rma-attached = Retur funnet for pakken
trail-kind-parcel-opened = Pakke åpnet
trail-kind-parcel-damaged = Pakke skadet
trail-kind-parcel-closed = Pakke lukket
trail-kind-exception-recorded = Funn
trail-kind-unit-received = Enhet mottatt
trail-kind-unit-parked = Venter på kontroll
trail-kind-inspection-started = Kontroll startet
trail-kind-inspection-step = Svar i kontrollen
trail-kind-inspection-undone = Svar trukket tilbake
trail-kind-inspected = Kontrollert
trail-kind-decided = Bestemt
trail-kind-print-queued = Etikett i kø
trail-kind-print-sending = Etikett sendes
trail-kind-print-attempted = Etikett sendt til skriveren
trail-kind-print-followed = Skriveren fulgt opp
trail-kind-print-confirmed = Utskrift bekreftet
trail-kind-print-replaced = Etikett erstattet
trail-kind-print-dismissed = Etikett avvist
trail-kind-unit-taken-over = Overtatt fra en annen stasjon
trail-kind-custody-changed = Ansvar flyttet
trail-kind-register-settled = Avgjort i huben

# Trying a rule table (administrators)
dry-run-title = Prøv en regeltabell
dry-run-about = De siste 1000 avgjørelsene reglene tok ved denne stasjonen, tatt på nytt av tabellen: hva som ville endret seg. Ingenting lagres; tabeller legges inn i huben.
dry-run-file = Regeltabellfil (JSON)
dry-run-json = eller lim den inn her
dry-run-go = Prøv
dry-run-summary = { $table }: { $compared } avgjørelser prøvd, { $changed } ville endret seg; forventet gjenvinning { $delta } i alt.
dry-run-from = Nå
dry-run-to = Ville blitt
dry-run-recovery = Forventet gjenvinning
dry-run-more = … og { $count } til
open-dry-run = Regler
error-rules-invalid = Denne regeltabellen kan ikke brukes: { $reason }
error-rules-dry-run-empty = Reglene har ikke avgjort noe ved denne stasjonen ennå: det er ingenting å prøve tabellen på.

## The supervisors' queue (#16)
queue-title = Kø
queue-open = Kø
queue-empty = Ingenting i køen passer.
queue-kind-hold = På vent
queue-kind-waiting = Venter på kontroll
queue-kind-conflict = Konflikt mellom stasjoner
queue-state-ok = I rute
queue-state-warn = Snart forfalt
queue-state-breached = Over fristen
queue-state-paused = Klokken stoppet
queue-filter-kind = Type
queue-filter-state = Status
queue-filter-age = Minst (timer)
queue-filter-channel = Kanal
queue-filter-inspector = Kontrollert av
queue-filter-flag = Signal
queue-filter-assigned = Tildelt
queue-any = Alle
queue-matching = { $shown } av { $matching } vist
queue-hm = { $hours } t { $minutes } min
queue-left = { $time } igjen
queue-past = { $time } over fristen
queue-paused-for = Klokken stoppet: { $reason }
queue-pause-vendor-rga = venter på leverandørens RGA
queue-pause-customer = venter på kunden
queue-pause-carrier-claim = reklamasjon hos transportøren
queue-pause-other = annet
queue-extended = Fristen forlenget med { $hours } t
queue-assigned = Tildelt { $name }
queue-inspected-by = Kontrollert av { $name }
queue-select-all = Velg alle som vises
queue-action = Handling
queue-action-release = Frigi til en kanal
queue-action-assign = Tildel
queue-action-extend = Forleng fristen
queue-action-pause = Stopp klokken
queue-action-resume = Start klokken igjen
queue-hours = Timer
queue-unassigned = Ingen
queue-pause-reason = Hvorfor
queue-reason = Begrunnelse
queue-apply = Bruk på { $count } valgte
queue-done = { $count ->
    [one] Gjort for én sak.
   *[other] Gjort for { $count } saker.
}
queue-refresh = Oppdater
sla-alert = { $count ->
    [one] 1 sak over fristen
   *[other] { $count } saker over fristen
}
error-queue-reason-required = Skriv begrunnelsen for denne handlingen.
error-queue-nothing-chosen = Velg minst én sak i køen.
error-queue-too-many = For mange saker på én gang. Velg høyst 500.
error-queue-extend-invalid = En forlengelse er 1 til 720 timer.
error-queue-release-to-hold = Velg kanalen enhetene skal til.
error-queue-stale = Køen endret seg i mellomtiden: { $reason }
error-queue-not-decided = En enhet som venter på kontroll kontrolleres, den frigis ikke.
error-queue-already-paused = Klokken for en av sakene er allerede stoppet.
error-queue-not-paused = Klokken for en av sakene går.
error-queue-unknown-operator = Den operatøren er ikke aktiv på denne stasjonen.
trail-kind-queue-changed = Sak i køen endret
trail-kind-sla-breached = Over SLA-fristen

## KPIs (#16)
kpi-open = Nøkkeltall
kpi-title = Nøkkeltall
kpi-from = Fra
kpi-to = Til
kpi-show = Vis
kpi-export = Eksporter CSV
kpi-exported = Lagret som { $path }
kpi-summary = { $units } enheter på { $hours } arbeidstimer: { $rate } i timen
kpi-chart = Enheter kontrollert per dag
kpi-units = Enheter
kpi-hours = Timer
kpi-rate = Per time
kpi-handle = Gjennomsnittlig behandlingstid
kpi-inspectors = Kontrollører
kpi-handle-title = Behandlingstid per vurderingssett
kpi-mix = Fordeling av disposisjoner og forventet gjenvinning
kpi-by-rule = Etter reglene
kpi-by-person = Av en person
kpi-recovery = Forventet gjenvinning
kpi-reasons-sku = Vanligste returårsaker per SKU
kpi-reasons-vendor = Vanligste returårsaker per leverandør
kpi-stated = Oppgitt
kpi-found = Funnet
kpi-fraud = Svindelsignaler
kpi-breaches = SLA-brudd
error-kpi-range-invalid = Den datoperioden kan ikke vises: { $reason }
dry-run-jdm-export = Eksporter gjeldende tabell for GoRules (JDM)
dry-run-jdm-exported = Lagret som { $path }: åpne den i GoRules-editoren.
dry-run-jdm-save = Lagre GoRules-tabellen for huben
dry-run-jdm-saved = Lagret som { $path }: legg den inn i huben (redock hub admin rules).
dry-run-jdm-read = Et GoRules JDM-dokument: lest inn på gjeldende tabell som neste versjon.
error-rules-jdm-invalid = Dette er ikke et GoRules JDM-dokument: { $reason }
error-rules-jdm-unsupported = Redocks tabeller kan ikke romme dette: { $reason }
error-export-failed = Filen kunne ikke lagres: { $reason }

## Operators (#16)
operators-open = Operatører
operators-title = Operatører
operators-name = Navn
operators-badge = Kort
operators-role = Rolle
operators-language = Språk
operators-active = Aktiv
operators-pin = Ny PIN
operators-pin-save = Sett PIN
operators-locked = sperret etter feil PIN
operators-add = Legg til en operatør
operators-added = { $name } er lagt til.
operators-changed = { $name } er endret.
operators-pin-reset = { $name } har fått ny PIN.
error-operators-role-required = Velg operatørens rolle: kontrollør, leder eller administrator.
error-operators-language-unknown = Velg et av stasjonens språk.
error-operators-pin-invalid = En PIN er 4 til 8 sifre.
error-operators-badge-invalid = Et kort er 1 til 64 tegn uten mellomrom.
error-operators-badge-taken = Det kortet tilhører en annen operatør.
error-operators-name-required = Skriv operatørens navn.
error-operators-at-hub = Denne stasjonen er knyttet til en hub: operatører settes der for hele anlegget.
error-operators-last-admin = Stasjonens siste aktive administrator forblir administrator.
error-operators-not-yourself = Du kan ikke deaktivere deg selv.

## Asking a supervisor (#16)
ask-open = Spør en leder
ask-title = Spør en leder om { $lpn }
ask-current = Reglene bestemte: { $channel }.
ask-why = Hvorfor bør en leder se på den?
ask-channel = Kanalen du ville valgt
ask-send = Send til ledernes kø
ask-sent = Sendt: den venter i ledernes kø.
queue-kind-request = Bedt om en titt
queue-action-dismiss = Avvis forespørselen (avgjørelsen står)
error-queue-already-requested = En leder er allerede spurt om denne enheten.
error-queue-not-a-request = Bare en forespørsel om en titt kan avvises.
