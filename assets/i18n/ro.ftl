# Stația Redock — română. Cheile sunt comune pentru UI (@fluent/bundle) și Rust (etichete, erori).
# Fiecare cheie de aici trebuie să existe în en, pl, nb și ru (verificat de teste).

app-title = Redock
language-name = Română

## Log-in
login-title = Conectare la stație
login-badge-label = Ecuson
login-badge-hint = Scanați ecusonul sau introduceți codul acestuia
login-pin-label = PIN
login-submit = Conectare
login-language = Limbă
login-working = Se verifică…
login-switch = { $name }: PIN-ul dvs. preia postul
login-cancel = Înapoi

## Station screen
station-operator = { $name } ({ $role })
station-logout = Deconectare
station-scan-label = Scanare
station-scan-hint = Scanați un cod sau introduceți-l și apăsați Enter
station-waiting = Gata pentru următoarea scanare
station-saving = Se salvează…
station-last-scan = Ultima scanare
station-recent = Scanări recente
station-pending = { $count ->
    [one] { $count } eveniment așteaptă sincronizarea
    [few] { $count } evenimente așteaptă sincronizarea
   *[other] { $count } de evenimente așteaptă sincronizarea
}
station-readonly = Această stație nu poate înregistra nimic: baza de date este doar pentru citire. Chemați șeful de tură.
station-queued = { $count ->
    [one] { $count } scanare așteaptă salvarea
    [few] { $count } scanări așteaptă salvarea
   *[other] { $count } de scanări așteaptă salvarea
}
station-name = { $station } · { $site }

## Receiving
parcel-title = Coletul { $code }
parcel-none = Niciun colet deschis. Scanați o etichetă de colet, un RMA sau un număr de comandă.
parcel-damaged = Deteriorat în transport
parcel-closed = Închis
parcel-units = Unități recepționate
parcel-exceptions = Neconformități
parcel-no-returns = Niciun retur așteptat pentru acest colet
parcel-hint = Scanați fiecare articol. Apoi scanați CLOSE; EMPTY pentru o cutie goală; DAMAGED dacă coletul a sosit deteriorat.
line-status = { $received }/{ $qty }
action-opened = Colet deschis
action-attached = Retur adăugat la acest colet
action-received = Unitate recepționată: { $lpn }
action-damaged = Colet marcat ca deteriorat
action-closed = Colet închis
repeat-parcel_open = Deja deschis: acest colet este pe masă
repeat-rma_on_parcel = Deja în acest colet: nu s-a adăugat nimic
repeat-unit_received = Deja recepționat: { $lpn }
repeat-unit_on_desk = Deja pe masă: { $lpn }
repeat-double_read = Citit de două ori: luat o dată
unit-parked = { $lpn } așteaptă inspecția: eticheta se tipărește, puneți produsul pe raftul de așteptare
close-waiting = { $count ->
    [one] 1 produs din acest colet așteaptă inspecția: { $lpns }
    [few] { $count } produse din acest colet așteaptă inspecția: { $lpns }
   *[other] { $count } de produse din acest colet așteaptă inspecția: { $lpns }
}
waiting-title = În așteptarea inspecției
waiting-hint = Scanați LPN-ul unui produs pentru a-l inspecta
setting-unreadable = Setarea „{ $key }” nu poate fi citită ({ $reason }): stația folosește valoarea implicită
exception-unexpected_return = Retur neașteptat: acest colet nu apare în niciun RMA
exception-wrong_item = Articol greșit: nu figurează în retururile acestui colet
exception-extra_item = Articol în plus: mai mult decât prevede returul
exception-missing_item = Articol lipsă: așteptat, dar nu se află în cutie
exception-serial_mismatch = Număr de serie nepotrivit: nu corespunde celui vândut
exception-empty_box = Cutie goală
exception-damaged_in_transit = Deteriorat în transport
exception-late_return = Retur întârziat: termenul de retur al magazinului a expirat

## Scanner
scanner-connected = Scaner: { $port }
scanner-disconnected = Scaner deconectat ({ $port }): { $reason }. Conectați-l din nou; stația îl găsește singură.
scanner-overflow = Scanerul a trimis { $count } octeți fără sfârșit de cod; au fost ignorați. Scanați din nou.
settings-scanner = Setări scaner
settings-port = Port serial
settings-baud = Viteză (baud)
settings-suffix = Sfârșit de cod
settings-save = Salvați
settings-remove = Fără scaner serial
settings-close = Închideți
settings-saved = Salvat.
suffix-cr = CR (Enter)
suffix-crlf = CR + LF
suffix-lf = LF (rând nou)
suffix-tab = Tabulator

settings-wedge = Scaner de tastatură
settings-gap = Ritmul scanerului: pauza dintre taste, cel mult (ms)
settings-wedge-ends = O scanare se termină cu
settings-gs = Caracterul trimis de scaner în loc de FNC1 (GS)
settings-layout = Aranjamentul de tastatură setat în scaner
settings-layout-hint = Stația citește tastele scanerului în acest aranjament, indiferent de aranjamentul în care scrie tastatura.
layout-us = Engleză (S.U.A.; și poloneză și română pentru programatori)
layout-de = Germană
layout-no = Norvegiană
settings-serial = Scaner serial
ends-enter-tab = Enter sau Tab
ends-enter = Tasta Enter
ends-tab = Tabulator

## Import
import-title = Importați retururi
import-choose = Alegeți un fișier CSV (un rând pentru fiecare poziție RMA; UTF-8 sau pagina de cod în care l-a salvat Excel)
import-result = Retururi importate: { $imported } (din { $rows } rânduri).
import-encoding = Citit ca { $encoding }.
import-row-error = Rândul { $line }: { $reason }

import-row-unreadable = rândul nu poate fi citit ({ $reason })
import-row-empty = { $field } este gol
import-row-unknown-shop = magazinul „{ $value }” nu este configurat pe această stație
import-row-rma-format = „{ $rma }” nu respectă formatul RMA al magazinului { $shop }
import-row-rma-exists = { $rma } există deja pe stație
import-row-bad-date = data comenzii „{ $value }” nu este o dată (AAAA-LL-ZZ)
import-row-bad-tier = nivelul clientului „{ $value }” nu este standard, loyal sau vip
import-row-not-count = { $field } „{ $value }” nu este un număr întreg de cel puțin 1
import-row-unknown-sku = SKU „{ $sku }” nu este cunoscut de stație
import-row-too-many-serials = { $serials } numere de serie pentru o cantitate de { $quantity }
import-row-header-mismatch = { $rma }: comanda, clientul sau numărul de urmărire diferă de rândul { $first }
import-row-duplicate-line = { $rma } are poziția { $line_no } de două ori
import-row-no-lines = { $rma } nu are nicio poziție

## Roles
role-inspector = controlor
role-supervisor = șef de tură
role-admin = administrator

## Scan sources
source-wedge = scaner
source-manual = introdus manual
source-serial = scaner serial
source-cli = linie de comandă

## Kinds of code
kind-gs1 = Cod de bare GS1
kind-ean13 = EAN-13
kind-upca = UPC-A
kind-ean8 = EAN-8
kind-gtin14 = GTIN-14
kind-digital_link = GS1 Digital Link
kind-tracking = Număr de urmărire (AWB)
kind-rma = Autorizație de retur (RMA)
kind-lpn = Identificator de unitate (LPN)
kind-tote = Ladă
kind-bin = Locație
kind-badge = Ecuson de operator
kind-command = Comandă
kind-order = Număr de comandă
kind-unknown = Cod necunoscut

scan-valid = cod valid
scan-invalid = cod invalid
scan-read = Citit: { $text }

## What a code was found to be
match-product = Produs: { $name }
match-category = Categorie: { $category }
match-expected-in = Așteptat în RMA: { $rmas }
match-not-expected = Nu este așteptat în niciun retur deschis
match-no-match = Nu a fost găsit în datele acestei stații
match-returns-rma = Retur așteptat
match-returns-tracking = Etichetă colet: { $count ->
    [one] { $count } retur așteptat
    [few] { $count } retururi așteptate
   *[other] { $count } de retururi așteptate
}
match-returns-order = Comanda { $order }
match-customer = Client: { $name }
match-tier = Nivel: { $tier }
match-order-date = Data comenzii: { $date }
match-line = { $qty } × { $name } (recepționate: { $received })
match-unit = Unitatea { $lpn }: { $status }

tier-standard = obișnuit
tier-loyal = fidel
tier-vip = VIP

## Errors (error-<code>, dots and underscores as hyphens)
error-title = Nesalvat
error-scan-empty = Nu s-a citit nimic. Scanați din nou.
error-scan-too-long = Scanarea este prea lungă ({ $len ->
    [one] { $len } octet
    [few] { $len } octeți
   *[other] { $len } de octeți
}; maximum { $max }). Scanați câte un singur cod.
error-scan-control-char = Scanarea conține un caracter de control ({ $char } la poziția { $position }). Verificați setările scanerului.
error-store-read-only = Baza de date este doar pentru citire. Nu se poate înregistra nimic. Chemați șeful de tură.
error-store-busy = Baza de date este ocupată de alt program. Încercați din nou; dacă rămâne ocupată, chemați șeful de tură.
error-store-disk-full = Discul este plin. Nu se mai poate înregistra nimic. Chemați șeful de tură.
error-store-newer-schema = Baza de date aparține unei versiuni mai noi de Redock (versiunea { $found }; aceasta acceptă { $known }). Nu a fost deschisă.
error-store-corrupt = Fișierul bazei de date este deteriorat. Chemați șeful de tură.
error-store-cannot-open = Baza de date nu poate fi deschisă: { $reason }
error-store-error = Stația nu a putut salva: { $reason }
error-auth-unknown-badge = Niciun operator nu are ecusonul { $badge }.
error-auth-badge-scanned = { $name }: PIN-ul acestei persoane preia postul
error-auth-idle = Deconectat după { $minutes } minute fără scanare.
error-auth-wrong-pin = PIN greșit. { $remaining ->
    [one] Mai aveți { $remaining } încercare.
    [few] Mai aveți { $remaining } încercări.
   *[other] Mai aveți { $remaining } de încercări.
}
error-auth-locked = Acest ecuson este blocat până la { $until }, după prea multe PIN-uri greșite.
error-auth-not-logged-in = Conectați-vă din nou.
error-auth-forbidden = Este necesar rolul: { $role }.
error-config-invalid = Configurația stației nu este validă: { $reason }
error-not-found = Nu s-a găsit: { $what } { $id }.
error-import-refused = Fișierul nu poate fi importat: { $reason }
error-import-encoding-unsure = Codificarea caracterelor fișierului nu poate fi stabilită cu certitudine: rândul { $line } citit ca { $guess } arată „{ $sample }”. Salvați-l ca „CSV UTF-8” și importați-l din nou.
error-code-unknown = Cod necunoscut: nu corespunde niciunui format cunoscut de stație.
error-code-check-digit = Cifra de control este greșită: codul a fost citit sau tipărit greșit.
error-code-unknown-command = Stația nu cunoaște acest cod de bare de comandă.
error-gs1-truncated = Acest cod de bare GS1 se termină prea devreme: un câmp este incomplet.
error-gs1-unknown-ai = Acest cod de bare GS1 conține un identificator de aplicație (AI) care nu există.
error-gs1-too-long = Un câmp al acestui cod de bare GS1 este mai lung decât permite GS1.
error-gs1-bad-char = Un câmp al acestui cod de bare GS1 conține un caracter pe care GS1 nu îl permite în acea poziție.
error-gs1-check-digit = O cifră de control din acest cod de bare GS1 este greșită: codul a fost citit sau tipărit greșit.
error-gs1-bad-date = O dată din acest cod de bare GS1 nu există în calendar.
error-gs1-bad-value = O valoare din acest cod de bare GS1 încalcă regulile GS1 pentru câmpul respectiv.
error-gs1-duplicate-ai = Acest cod de bare GS1 conține același câmp de două ori, cu valori diferite.
error-gs1-ambiguous-split = În acest cod de bare GS1 lipsește un separator, iar codul poate fi citit în mai multe feluri. Scanați-l din nou sau introduceți-l manual.
error-gs1-syntax = Acest cod de bare GS1 are o structură incorectă.
error-dl-bad-percent = Acest GS1 Digital Link conține o secvență de codificare procentuală (%) greșită.
error-dl-bad-path = Calea acestui GS1 Digital Link nu este o cheie GS1 validă cu calificatorii ei.
error-dl-bad-query = Parametrii de interogare ai acestui GS1 Digital Link conțin un atribut GS1 invalid.
error-tracking-check-digit = Cifra de control a acestui număr de urmărire este greșită: numărul a fost citit sau tipărit greșit.
error-tracking-bad-country = Acest număr de urmărire poștal se termină cu un cod de țară care nu există.
error-tracking-ambiguous = Acest număr corespunde formatului mai multor curieri; alegeți curierul.
error-ipc = Stația nu a răspuns: { $reason }


## Inspection
inspect-title = Inspecție
inspect-unknown-item = Produs necunoscut
inspect-set = Set de evaluare: { $set } v{ $version }
inspect-question = Întrebarea { $number } din { $count }
inspect-fail-grade = „Da” stabilește nota { $grade }
inspect-grade = Notă
inspect-no-grade = Încă neevaluat
inspect-settled-question = Stabilită de prima problemă găsită
inspect-settled-all = Toate verificările au trecut
inspect-settled-chosen = Notă aleasă de inspector
inspect-axes = Stare
inspect-defects = Defecte
inspect-reason-found = Motiv constatat
inspect-reason-stated = Motivul clientului: { $reason }
inspect-photos = { $count ->
    [one] { $count } fotografie
    [few] { $count } fotografii
   *[other] { $count } de fotografii
}
inspect-hold = Reținut pentru supervizor
inspect-external = Platforme de vânzare
inspect-scale-amazon = Amazon
inspect-scale-ebay = eBay
inspect-scale-ctia_functional = CTIA funcționare
inspect-scale-ctia_cosmetic = CTIA aspect
inspect-not-listable = nu poate fi listat
inspect-key-ok = F1 Nu
inspect-key-fail = F2 Da
inspect-key-pass = F3 Totul în regulă
inspect-key-photo = F5 Fotografie
inspect-key-hold = F6 Reține
inspect-key-undo = F8 Anulează
inspect-key-next = F9 Salvează
inspect-hint-graded = Scanați următorul produs sau apăsați F9 pentru a salva.
inspect-action-started = Inspecție { $lpn }
inspect-action-resumed = Înapoi la { $lpn }
inspect-action-undone = Ultimul răspuns a fost anulat
inspect-action-photo = Faceți sau alegeți o fotografie
inspect-day = Azi: { $count } bucăți · { $rate } pe oră
inspect-none = Scanați un produs pentru a-l recepționa și inspecta, sau LPN-ul unei unități.
## Decision
decision-title = Decizie
decision-channel-restock = Înapoi în stoc
decision-channel-refurbish = Recondiționare
decision-channel-liquidate = Lichidare
decision-channel-rtv = Retur la furnizor
decision-channel-donate = Donație
decision-channel-recycle = Reciclare
decision-channel-destroy = Distrugere
decision-channel-hold = Reținut pentru verificare
decision-destination = Puneți-l în { $destination }
decision-recovery = Recuperare estimată: { $amount }
decision-refund-full = Rambursare: integrală, { $amount }
decision-refund-partial = Rambursare: { $amount } (taxă de restocare { $fee } %)
decision-refund-none = Fără rambursare
decision-refund-review = Rambursare: decide un supervizor
decision-by-rule = Regula { $rule }
decision-by-person = Decis de o persoană: { $note }
decision-inspector-hold = Reținut de inspector
decision-why = De ce?
decision-why-close = Închide
decision-label-alt = Eticheta { $lpn }
decision-reprint = Tipărește din nou eticheta
decision-reprinted = Eticheta este din nou în coada de tipărire.
decision-trace-row = Se potrivește rândul { $row }
decision-trace-missed = Rândul { $row } nu se potrivește: { $field } era { $value }
decision-trace-channels = Recuperare estimată pe canal
decision-trace-closed = nepermis
decision-flags = Semnale de fraudă
flag-empty_box = Cutie goală
flag-swapped_item = Produs înlocuit (GTIN diferit)
flag-serial_mismatch = Număr de serie diferit
flag-used_beyond_window = Folosit după termenul de retur
flag-repeat_returner = Returnează frecvent
decision-held-unknown_item = Nu există SKU cunoscut pentru acest produs
decision-held-no_expected_return = Niciun retur așteptat nu include acest produs

## Decisions in sentences (built from the trace by redock-domain disposition::explain)
decision-details = Detalii
decision-details-close = Ascunde detaliile
explain-skipped = { $rule }? Nu: { $fact }.
explain-skipped-needs = { $rule }? Nu: { $fact }; { $needs }.
explain-decided = { $rule }? Da: { $facts }.
explain-decided-always = { $rule }: ultima regulă, pentru orice unitate pe care regulile de mai sus nu au luat-o.
explain-best-chosen = Cea mai mare recuperare: { $channel }, { $amount }.
explain-best-other = { $channel }: s-ar recupera { $amount }.
explain-best-blocked = { $channel } — omis: { $note }.
explain-best-unvalued = Recuperarea nu a putut fi evaluată, așa că s-a ales primul canal permis de regulă: { $channel }.
explain-rules-would = Fără reținere, regulile ar fi ales: { $channel }.
explain-override-was = Înainte de schimbare: { $channel }.
explain-fact-grade = gradul este { $grade }
explain-fact-axis = { $axis }: { $value }
explain-fact-axis-missing = inspecția nu a înregistrat { $axis }
explain-fact-category = categoria este { $category }
explain-fact-currency = prețul este în { $currency }
explain-fact-cost = unitatea a costat { $amount }
explain-fact-price = prețul este { $amount }
explain-fact-days = { $days ->
    [0] a fost cumpărat azi
    [one] a fost cumpărat acum o zi
    [few] a fost cumpărat acum { $days } zile
   *[other] a fost cumpărat acum { $days } de zile
}
explain-fact-window-within = a revenit în termenul de retur al magazinului ({ $days ->
        [one] o zi
        [few] { $days } zile
       *[other] { $days } de zile
    } de la cumpărare)
explain-fact-window-late = a revenit după termenul de retur al magazinului ({ $days ->
        [one] o zi
        [few] { $days } zile
       *[other] { $days } de zile
    } de la cumpărare)
explain-fact-tier = nivelul clientului: { $tier }
explain-fact-vendor-eligible = furnizorul primește unitățile înapoi, dar nu o cere
explain-fact-vendor-forced = furnizorul cere înapoi unitățile defecte
explain-fact-vendor-prohibited = furnizorul nu primește nimic înapoi
explain-fact-vendor-none = niciun acord cu un furnizor nu acoperă acest produs
explain-fact-vendor-window-open = { $left ->
    [0] termenul furnizorului se încheie azi
    [one] termenul furnizorului mai este deschis o zi
    [few] termenul furnizorului mai este deschis { $left } zile
   *[other] termenul furnizorului mai este deschis { $left } de zile
}
explain-fact-vendor-window-closed = { $ago ->
    [one] termenul furnizorului s-a încheiat acum o zi
    [few] termenul furnizorului s-a încheiat acum { $ago } zile
   *[other] termenul furnizorului s-a încheiat acum { $ago } de zile
}
explain-fact-vendor-window-days = termenul furnizorului este de { $days ->
        [one] o zi
        [few] { $days } zile
       *[other] { $days } de zile
    }
explain-fact-vendor-credit = furnizorul creditează { $credit } din costul nostru
explain-fact-flags = unitatea are semnale de fraudă ({ $flags })
explain-fact-flags-none = unitatea nu are semnale de fraudă
explain-needs = { $op ->
    [not] regula exclude: { $expected }
    [lt] regula cere: mai puțin de { $limit }
    [le] regula cere: cel mult { $limit }
    [gt] regula cere: mai mult de { $limit }
    [ge] regula cere: cel puțin { $limit }
    [between] regula cere: între { $low } și { $high }
   *[is] regula cere: { $expected }
}
explain-needs-days = { $op ->
    [not] regula exclude: { $expected } zile
    [eq] regula cere: exact { $limit ->
        [one] o zi
        [few] { $limit } zile
       *[other] { $limit } de zile
    }
    [lt] regula cere: mai puțin de { $limit ->
        [one] o zi
        [few] { $limit } zile
       *[other] { $limit } de zile
    }
    [le] regula cere: cel mult { $limit ->
        [one] o zi
        [few] { $limit } zile
       *[other] { $limit } de zile
    }
    [gt] regula cere: mai mult de { $limit ->
        [one] o zi
        [few] { $limit } zile
       *[other] { $limit } de zile
    }
    [ge] regula cere: cel puțin { $limit ->
        [one] o zi
        [few] { $limit } zile
       *[other] { $limit } de zile
    }
    [between] regula cere: între { $low } și { $high } zile
   *[is] regula cere: { $expected } zile
}
explain-needs-flags = regula este pentru: { $flags }
recovery-note-no-vendor-agreement = niciun acord cu un furnizor nu acoperă acest produs
recovery-note-agreement-prohibits-rtv = acordul cu furnizorul nu permite retururi
recovery-note-vendor-window-closed = { $ago ->
    [one] termenul furnizorului s-a încheiat acum o zi
    [few] termenul furnizorului s-a încheiat acum { $ago } zile
   *[other] termenul furnizorului s-a încheiat acum { $ago } de zile
}
recovery-note-currency-mismatch = Tarifele tabelului de reguli sunt în { $table }, iar prețul unității în { $unit }: recuperarea nu a putut fi evaluată.
recovery-note-input-rates = Evaluat cu tarifele proprii ale acestei unități.
recovery-note-category-rates = Evaluat cu tarifele pentru { $category }.
recovery-note-default-rates = Evaluat cu tarifele generale ale tabelului: nu are tarife pentru { $category }.
# Rule reason codes (reason-<code>, dots and underscores as hyphens): what a rule is for, read as a question
reason-fraud-suspected = Reținere pentru suspiciune de fraudă
reason-abuse-review = Reținere pentru verificarea abuzului
reason-vendor-forced-rtv = Retur la furnizor, cum cere acordul
reason-value-review = Verificarea unei unități scumpe în stare slabă
reason-hygiene-destroy = Distrugerea hainelor care nu au trecut verificarea de igienă
reason-resell-as-new = Înapoi în stoc ca nou
reason-resell-loyal-lenient = Înapoi în stoc pentru un client fidel
reason-resell-like-new = Înapoi în stoc ca aproape nou
reason-late-recheck = Reverificarea unui retur întârziat înainte de revânzare
reason-value-best-electronics = Electronice pe canalul cu cea mai mare recuperare
reason-refurbish-electronics = Recondiționarea electronicelor
reason-liquidate-electronics-parts = Vânzarea electronicelor pentru piese
reason-recycle-ewaste = Reciclare ca deșeu electronic
reason-refurbish-apparel-clean = Curățarea și reetichetarea hainelor
reason-donate-apparel = Donarea hainelor
reason-recycle-textile = Reciclare ca material textil
reason-value-best-home = Articole de casă pe canalul cu cea mai mare recuperare
reason-liquidate-home = Vânzarea articolelor de casă în loturi
reason-destroy-unsafe = Distrugere ca nesigur
reason-value-best-default = Restul pe canalul cu cea mai mare recuperare
# Reasons the station gives when the rules did not decide
reason-engine-no-row-matched = Nicio regulă nu se potrivește acestei unități: așteaptă decizia unei persoane.
reason-unknown-item = Nu există SKU cunoscut pentru acest produs: așteaptă decizia unei persoane.
reason-no-expected-return = Niciun retur așteptat nu include acest produs: așteaptă decizia unei persoane.
reason-input-not-valid = Datele unității nu se potrivesc regulilor (vezi detaliile): așteaptă decizia unei persoane.
reason-order-date-unreadable = Data comenzii nu poate fi citită, deci termenul de retur nu poate fi verificat: așteaptă decizia unei persoane.
reason-inspector-hold = Inspectorul a reținut unitatea pentru șeful de tură.
reason-override = Șeful de tură a decis în locul regulilor.

## Holds (supervisors)
holds-title = Reținute
holds-open = Reținute ({ $count })
holds-empty = Nicio unitate nu este reținută.
holds-age = așteaptă de { $minutes } min
override-channel = Trimite la
override-refund = Rambursare
override-refund-keep = Ca până acum
override-refund-full = Integrală
override-refund-partial = Minus o taxă de restocare
override-refund-none = Niciuna
override-refund-fee = Taxă de restocare (%)
override-note = Motiv (obligatoriu)
override-save = Salvează decizia
override-saved = Decizia pentru { $lpn } a fost salvată.
## Photos
photo-title = Fotografie
photo-camera = Faceți o fotografie
photo-file = Alegeți un fișier
photo-no-camera = Nicio cameră în această fereastră: alegeți un fișier sau puneți fotografiile în dosarul de fotografii al stației.
photo-added = Fotografie adăugată.
photo-cancel = Renunță
## Errors of inspection, disposition and photos
error-inspection-already-settled = Nota este deja stabilită. Scanați UNDO pentru a schimba un răspuns.
error-inspection-unknown-grade = Această notă nu există pe scala acestui produs.
error-inspection-contradicts = Această notă contrazice un răspuns deja dat. Scanați întâi UNDO.
error-inspection-unknown-defect = Acest defect nu este în lista acestui produs.
error-inspection-defect-twice = Acest defect este deja înregistrat.
error-inspection-unknown-reason = Acest motiv nu este în lista acestui produs.
error-inspection-photo-twice = Această fotografie este deja atașată.
error-inspection-nothing-to-undo = Nu există niciun răspuns de anulat.
error-inspection-no-unit = Nicio unitate nu este inspectată. Scanați întâi un produs sau un LPN.
error-inspection-not-graded = Unitatea nu are încă o notă. Răspundeți la întrebare sau scanați o notă.
error-inspection-set-changed = Setul de evaluare al acestei inspecții nu mai este încărcat. Chemați un supervizor.
error-disposition-reason-required = Scrieți motivul acestei decizii.
error-disposition-refund-invalid = Taxa de restocare este între 0,01 % și 99,99 % din preț.
error-disposition-not-decided = Această unitate nu are încă o decizie.
error-photo-too-large = Fișierul fotografiei este prea mare.
error-photo-too-many-pixels = Fotografia are prea mulți pixeli.
error-photo-unsupported-format = Acest fișier nu este o fotografie JPEG, PNG sau WebP.
error-photo-unreadable = Fotografia nu poate fi citită: fișierul este deteriorat sau nu este o imagine.
error-photo-io = Fotografia nu a putut fi salvată.
error-photo-disk-full = Discul este plin: fotografia nu a fost salvată. Chemați un supervizor.

# Labels (eticheta unității; canalele se tipăresc cu litere mari: scurt)
label-grade = Clasă
label-destination = Destinație
label-station = Stație
label-date = Data
label-channel-restock = Înapoi în stoc
label-channel-refurbish = Recondiționare
label-channel-liquidate = Lichidare
label-channel-rtv = Retur la furnizor
label-channel-donate = Donație
label-channel-recycle = Reciclare
label-channel-destroy = Distrugere
# Printed on the LPN label of a unit received and not yet graded.
label-channel-waiting = De inspectat
label-channel-hold = În așteptare


## Printing
print-waiting = { $count ->
    [one] { $count } etichetă așteaptă imprimanta
    [few] { $count } etichete așteaptă imprimanta
   *[other] { $count } de etichete așteaptă imprimanta
}
print-failed = { $count ->
    [one] { $count } etichetă nu a putut fi tipărită: chemați un supervizor
   *[other] { $count } etichete nu au putut fi tipărite: chemați un supervizor
}
print-reprint = Retipărește eticheta
print-queued = Eticheta pentru { $lpn } este în coadă
error-print-offline = Imprimanta nu răspunde. Etichetele așteaptă și se tipăresc când revine; continuați lucrul.
error-print-timeout = Imprimanta a încetat să preia eticheta. Se va încerca din nou.
error-print-disk-full = Discul dosarului de etichete este plin. Chemați un supervizor.
error-print-io = Eticheta nu a putut fi trimisă la imprimantă. Se va încerca din nou.
error-print-refused = Imprimanta a refuzat eticheta. Chemați un supervizor.
error-print-no-such-queue = Coada de tipărire setată pentru această stație nu există. Chemați un supervizor.
error-print-no-such-job = Imprimanta nu mai cunoaște această lucrare.
error-print-stopped = Imprimanta este oprită (închisă, fără etichete sau pusă pe pauză în CUPS). Etichetele așteaptă și se tipăresc când este pornită din nou; continuați lucrul.
error-print-job-ended = Serverul de tipărire a încheiat lucrarea fără să tipărească eticheta. Chemați un supervizor pentru a o tipări din nou.
error-print-denied = Stația nu are voie să scrie în dosarul de etichete. Chemați un supervizor.
error-print-bad-config = Setările imprimantei nu pot funcționa. Chemați un supervizor.
error-print-bad-job = Lucrarea de tipărire nu este validă.
error-label-render = Eticheta nu poate fi desenată: { $reason }
print-unsure = Eticheta pentru { $lpn } poate s-a tipărit: stația s-a oprit în timp ce o trimitea. Verificați imprimanta.
print-unsure-confirm = Tipărită — confirmă
print-unsure-reprint = Nu e acolo — retipărește
print-failed-dismiss = Renunță
error-print-settled = Această etichetă este deja rezolvată: tipărită, retipărită sau abandonată.
error-print-sending = Stația trimite sau înregistrează chiar acum această etichetă. Încercați din nou peste câteva clipe.
sheet-title = Foaia stației: scanați o comandă

## Setări imprimantă (șefi de tură și administratori)
printer-title = Setări imprimantă
printer-loading = Se încarcă setările imprimantei…
printer-kind = Tipul imprimantei
printer-kind-folder = Dosar (fișiere de etichete pe acest computer)
printer-kind-cups = Coadă de imprimantă CUPS
printer-kind-raw = Imprimantă de rețea (portul 9100)
printer-kind-serial = Imprimantă serială
printer-dir = Dosarul pentru fișierele de etichete
printer-cups-server = Server CUPS (gazdă:port; gol pentru acest computer)
printer-cups-queues = Cozi găsite
printer-cups-choose = Alegeți o coadă…
printer-cups-queue = Numele cozii
printer-cups-refresh = Reîmprospătați
printer-cups-loading = Se caută cozile CUPS…
printer-cups-none = CUPS nu are cozi pe { $server }. Introduceți numele cozii.
printer-cups-unreachable = CUPS nu răspunde pe { $server }. Puteți introduce totuși numele cozii.
printer-cups-stopped = oprită
printer-cups-not-accepting = nu acceptă lucrări
printer-host = Adresa imprimantei (nume de gazdă sau IP)
printer-port = Port TCP
printer-timeout = Timp de așteptare (ms)
printer-format = Formatul etichetei
printer-format-pdf = PDF (orice imprimantă sau fișiere)
printer-format-zpl = ZPL (imprimante termice Zebra și compatibile)
printer-format-png = PNG (imagine)
printer-template = Dimensiunea etichetei
printer-template-4x6in = Etichetă de expediere 4 × 6 inchi
printer-template-100x150mm = Etichetă de expediere 100 × 150 mm
printer-template-unit-2x1in = Etichetă de produs 2 × 1 inchi
printer-dpi = Rezoluția imprimantei (dpi)
printer-dpi-pdf = O etichetă PDF se potrivește oricărei imprimante; rezoluția contează doar pentru ZPL și PNG.
printer-test = Tipărire de probă
printer-testing = Se trimite o etichetă de probă…
printer-test-file = Eticheta de probă a fost scrisă în { $path }
printer-test-cups = Eticheta de probă a fost trimisă la coada CUPS { $queue } ca lucrarea { $job }.
printer-test-sent = Eticheta de probă a fost trimisă la { $device } ({ $bytes } octeți).
printer-test-failed = Eticheta de probă nu s-a tipărit: { $reason }
printer-port-invalid = Portul trebuie să fie un număr întreg între 1 și 65535.
printer-timeout-invalid = Timpul de așteptare trebuie să fie un număr întreg de milisecunde, cel puțin 1.
printer-baud-invalid = Viteza trebuie să fie un număr întreg de baud, cel puțin 1.
retention-title = Păstrarea etichetelor
retention-days = Păstrează fișierele de etichete și lucrările de tipărire încheiate timp de (zile)
retention-hint = O dată pe zi se șterg fișierele de etichete din dosarul de etichete și lucrările tipărite sau abandonate mai vechi de atât.
retention-days-invalid = Numărul de zile trebuie să fie un număr întreg de la 1 la 3650.
label-test-title = Etichetă de probă (nu este un produs)

# The event log, personal data, compaction
error-event-unknown-kind = Jurnalul stației conține un eveniment de un tip necunoscut acestei versiuni ({ $reason }). Nu s-a schimbat nimic; actualizați Redock pe această stație.
error-event-newer-version = Jurnalul stației conține un eveniment scris de un Redock mai nou ({ $reason }). Nu s-a schimbat nimic; actualizați Redock pe această stație.
error-event-no-such-version = Un eveniment din jurnal are o versiune care nu a existat niciodată ({ $reason }). Nu s-a schimbat nimic; sunați la suport.
error-event-malformed = Un eveniment din jurnal nu poate fi citit ({ $reason }). Nu s-a schimbat nimic; sunați la suport.
error-event-encode = Modificarea nu a putut fi scrisă în jurnal ({ $reason }). Nu s-a înregistrat nimic.
error-customer-unknown = Acest client nu este cunoscut la această stație. Nu s-a șters nimic.
error-customer-already-erased = Datele acestui client au fost deja șterse.
error-log-not-acknowledged = Se pot elimina doar evenimentele confirmate de hub: { $reason }
error-log-keep-everything = Această stație păstrează toate evenimentele (nu este setată o perioadă de păstrare). Nu s-a eliminat nimic.
error-import-use-hub = Această stație este conectată la un hub: importați fișierul la hub, care trimite retururile tuturor stațiilor site-ului.
error-data-unknown-tier = Datele stației conțin un nivel de client necunoscut acestei versiuni ({ $value }). Actualizați Redock pe această stație sau chemați șeful de tură.
error-data-unknown-rtv-terms = Datele stației conțin condiții de retur la furnizor necunoscute acestei versiuni ({ $value }). Actualizați Redock pe această stație sau chemați șeful de tură.
error-data-unknown-channel = Datele stației conțin un canal de dispoziție necunoscut acestei versiuni ({ $value }). Actualizați Redock pe această stație sau chemați șeful de tură.
error-data-unknown-decided-by = Datele stației conțin o decizie luată de cineva necunoscut acestei versiuni ({ $value }). Actualizați Redock pe această stație sau chemați șeful de tură.
error-data-unknown-unit-status = Datele stației conțin un statut de unitate necunoscut acestei versiuni ({ $value }). Actualizați Redock pe această stație sau chemați șeful de tură.
error-data-unknown-exception-kind = Datele stației conțin o excepție de recepție necunoscută acestei versiuni ({ $value }). Actualizați Redock pe această stație sau chemați șeful de tură.
customer-erased = date client șterse

# Sync with the hub
error-sync-not-enrolled = Această stație nu este înregistrată la un hub.
error-sync-stopped = Sincronizarea este oprită: { $reason }
error-sync-other-site = Acest cod de înregistrare este pentru alt site. { $reason }
error-sync-hub-unreachable = Hub-ul nu poate fi contactat; evenimentele așteaptă aici și nu se pierde nimic. { $reason }
error-sync-refused = Hub-ul a refuzat: { $reason }
error-sync-hub-behind = Hub-ul a pierdut evenimente pe care această stație nu le mai are: { $reason }
error-sync-seq-conflict = Sincronizare oprită: hub-ul are alte evenimente sub aceleași numere (baza de date a fost restaurată sau copiată). Sunați la suport. { $reason }
error-sync-stream-continued = Această bază de date a fost restaurată dintr-o copie sau copiată: continuă într-un flux nou și nimic înregistrat aici nu se pierde; munca pierdută revine de la hub. { $reason }
error-sync-stream-closed = Sincronizare oprită: o altă copie a bazei de date a acestei stații funcționează ca această stație. Folosiți-o pe aceea; sunați la suport. { $reason }
error-sync-lpn-reused = Aceste LPN-uri au fost date de două ori după restaurare; reetichetați una dintre cele două unități: { $reason }
error-sync-revoked = Hub-ul a revocat accesul acestei stații; un administrator trebuie să o înregistreze din nou.
error-custody-elsewhere = Această unitate a fost predată altei stații. Inspectați-o acolo sau scanați-o din nou aici pentru a o prelua înapoi.
error-custody-hub-unreachable = Această unitate este la altă stație, iar hub-ul nu o poate preda acum. Puneți-o deoparte și scanați-o din nou când rețeaua revine. { $reason }
error-custody-unknown-unit = Nicio stație a acestui sit nu a recepționat această unitate. Verificați eticheta sau recepționați unitatea din nou.
error-sync-unauthorized = Hub-ul nu cunoaște tokenul acestei stații; un administrator trebuie să o înregistreze din nou.
sync-stopped = Sincronizare oprită: { $reason }
sync-unreachable = Hub-ul este inaccesibil din { $since }; nu se pierde nimic
sync-last = Ultima sincronizare { $at }
sync-notice-dismiss = Citit

## A parcel without a label (CMD:NOLABEL)
parcel-key-nolabel = F4 Fără etichetă
parcel-no-label = Colet fără etichetă
parcel-no-label-hint = Găsiți-i returul: scanați un produs (i se caută numărul de serie), numărul comenzii sau RMA de pe avizul de însoțire sau apăsați F7 pentru a căuta după numele clientului.
exception-label_missing = Etichetă lipsă: returul a fost găsit după conținut
prompt-no-parcel-open = Niciun colet nu este deschis. Scanați eticheta coletului (sau FĂRĂ ETICHETĂ, F4, dacă nu are): { $code } intră în el.
prompt-choose-return = Numărul de serie { $serial } a fost vândut pe { $count } retururi deschise. Scanați RMA sau numărul comenzii de pe aviz sau apăsați Alt și numărul lui.
prompt-serial-not-found = Niciun retur deschis nu are numărul de serie { $serial }: recepționat ca retur neanunțat.
find-returns-title = Găsiți returul după numele clientului (F7)
find-returns-placeholder = Numele clientului
find-returns-none = Niciun retur deschis pentru „{ $name }”.
find-returns-close = Înapoi la scanare (Esc)
error-receiving-name-too-short = Tastați cel puțin 3 litere din numele clientului.

# A unit's history (the supervisors' trail)
trail-title = Istoricul unității
trail-lpn = Scanați sau tastați LPN-ul
trail-show = Arată
trail-here = acest post
trail-elsewhere = alt post
trail-empty = Nimic înregistrat pentru această unitate.
trail-open = Istoric
trail-kind-rma-added = Retur așteptat
trail-kind-rma-amended = Retur modificat
trail-kind-rma-attached = Retur găsit pentru colet
trail-kind-parcel-opened = Colet deschis
trail-kind-parcel-damaged = Colet deteriorat
trail-kind-parcel-closed = Colet închis
trail-kind-exception-recorded = Constatare
trail-kind-unit-received = Unitate recepționată
trail-kind-unit-parked = Așteaptă inspecția
trail-kind-inspection-started = Inspecție începută
trail-kind-inspection-step = Răspuns la inspecție
trail-kind-inspection-undone = Răspuns anulat
trail-kind-inspected = Inspectat
trail-kind-decided = Decis
trail-kind-print-queued = Etichetă în coadă
trail-kind-print-sending = Etichetă în curs de trimitere
trail-kind-print-attempted = Etichetă trimisă la imprimantă
trail-kind-print-followed = Imprimantă verificată
trail-kind-print-confirmed = Tipărire confirmată
trail-kind-print-replaced = Etichetă înlocuită
trail-kind-print-dismissed = Etichetă renunțată
trail-kind-unit-taken-over = Preluată de la alt post
trail-kind-custody-changed = Custodie mutată
trail-kind-register-settled = Stabilit la hub

# Trying a rule table (administrators)
dry-run-title = Încercați un tabel de reguli
dry-run-about = Ultimele 1.000 de decizii ale regulilor la acest post, luate din nou de tabel: ce s-ar schimba. Nu se salvează nimic; tabelele se încarcă la hub.
dry-run-file = Fișierul tabelului de reguli (JSON)
dry-run-json = sau lipiți-l aici
dry-run-go = Încercați
dry-run-summary = { $table }: { $compared } decizii încercate, { $changed } s-ar schimba; recuperare estimată în total { $delta }.
dry-run-from = Acum
dry-run-to = Ar fi
dry-run-recovery = Recuperare estimată
dry-run-more = … și încă { $count }
open-dry-run = Reguli
error-rules-invalid = Acest tabel de reguli nu poate fi folosit: { $reason }
error-rules-dry-run-empty = Regulile nu au decis încă nimic la acest post: nu există pe ce încerca tabelul.

## The supervisors' queue (#16)
queue-title = Coadă
queue-open = Coadă
queue-empty = Nimic din coadă nu se potrivește.
queue-kind-hold = Reținute
queue-kind-waiting = Așteaptă inspecția
queue-kind-conflict = Conflict între stații
queue-state-ok = În termen
queue-state-warn = Termen apropiat
queue-state-breached = Peste termen
queue-state-paused = Ceas oprit
queue-filter-kind = Tip
queue-filter-state = Stare
queue-filter-age = Cel puțin (ore)
queue-filter-channel = Canal
queue-filter-inspector = Inspectat de
queue-filter-flag = Semnal
queue-filter-assigned = Atribuit lui
queue-any = Oricare
queue-matching = { $shown } din { $matching } afișate
queue-hm = { $hours } h { $minutes } min
queue-left = mai sunt { $time }
queue-past = { $time } peste termen
queue-paused-for = Ceas oprit: { $reason }
queue-pause-vendor-rga = se așteaptă RGA de la furnizor
queue-pause-customer = se așteaptă clientul
queue-pause-carrier-claim = reclamație deschisă la curier
queue-pause-other = alt motiv
queue-extended = Termen prelungit cu { $hours } h
queue-assigned = Atribuit lui { $name }
queue-inspected-by = Inspectat de { $name }
queue-select-all = Alege toate cele afișate
queue-action = Acțiune
queue-action-release = Eliberează către un canal
queue-action-assign = Atribuie
queue-action-extend = Prelungește termenul
queue-action-pause = Oprește ceasul
queue-action-resume = Pornește din nou ceasul
queue-hours = Ore
queue-unassigned = Nimeni
queue-pause-reason = De ce
queue-reason = Motiv
queue-apply = Aplică celor { $count } alese
queue-done = { $count ->
    [one] Gata pentru un element.
   *[other] Gata pentru { $count } elemente.
}
queue-refresh = Reîmprospătează
sla-alert = { $count ->
    [one] 1 element peste termen
   *[other] { $count } elemente peste termen
}
error-queue-reason-required = Scrie motivul acestei acțiuni.
error-queue-nothing-chosen = Alege cel puțin un element din coadă.
error-queue-too-many = Prea multe elemente deodată. Alege cel mult 500.
error-queue-extend-invalid = O prelungire are între 1 și 720 de ore.
error-queue-release-to-hold = Alege canalul în care merg unitățile.
error-queue-stale = Coada s-a schimbat între timp: { $reason }
error-queue-not-decided = O unitate care așteaptă inspecția se inspectează, nu se eliberează.
error-queue-already-paused = Ceasul unuia dintre elemente este deja oprit.
error-queue-not-paused = Ceasul unuia dintre elemente merge.
error-queue-unknown-operator = Acest operator nu este activ la această stație.
trail-kind-queue-changed = Element din coadă modificat
trail-kind-sla-breached = Peste termenul SLA

## KPIs (#16)
kpi-open = Indicatori
kpi-title = Indicatori
kpi-from = De la
kpi-to = Până la
kpi-show = Arată
kpi-export = Export CSV
kpi-exported = Salvat ca { $path }
kpi-summary = { $units } unități în { $hours } ore de lucru: { $rate } pe oră
kpi-chart = Unități inspectate pe zi
kpi-units = Unități
kpi-hours = Ore
kpi-rate = Pe oră
kpi-handle = Timp mediu de lucru
kpi-inspectors = Inspectori
kpi-handle-title = Timp de lucru pe set de evaluare
kpi-mix = Distribuția dispozițiilor și recuperarea estimată
kpi-by-rule = După reguli
kpi-by-person = De o persoană
kpi-recovery = Recuperare estimată
kpi-reasons-sku = Principalele motive de retur pe SKU
kpi-reasons-vendor = Principalele motive de retur pe furnizor
kpi-stated = Declarat
kpi-found = Constatat
kpi-fraud = Semnale de fraudă
kpi-breaches = Depășiri SLA
error-kpi-range-invalid = Acest interval de date nu poate fi afișat: { $reason }
dry-run-jdm-export = Exportă tabelul în vigoare pentru GoRules (JDM)
dry-run-jdm-exported = Salvat ca { $path }: deschide-l în editorul GoRules.
dry-run-jdm-save = Salvează tabelul GoRules pentru hub
dry-run-jdm-saved = Salvat ca { $path }: pune-l în hub (redock hub admin rules).
dry-run-jdm-read = Un document GoRules JDM: citit peste tabelul în vigoare ca versiunea următoare.
error-rules-jdm-invalid = Acesta nu este un document GoRules JDM: { $reason }
error-rules-jdm-unsupported = Tabelele Redock nu pot conține asta: { $reason }
error-export-failed = Fișierul nu a putut fi salvat: { $reason }

## Operators (#16)
operators-open = Operatori
operators-title = Operatori
operators-name = Nume
operators-badge = Ecuson
operators-role = Rol
operators-language = Limbă
operators-active = Activ
operators-pin = PIN nou
operators-pin-save = Setează PIN
operators-locked = blocat după PIN-uri greșite
operators-add = Adaugă un operator
operators-added = { $name } a fost adăugat.
operators-changed = { $name } a fost modificat.
operators-pin-reset = { $name } are un PIN nou.
error-operators-role-required = Alege rolul operatorului: inspector, supervizor sau administrator.
error-operators-language-unknown = Alege una dintre limbile stației.
error-operators-pin-invalid = Un PIN are între 4 și 8 cifre.
error-operators-badge-invalid = Un ecuson are între 1 și 64 de caractere, fără spații.
error-operators-badge-taken = Acest ecuson aparține altui operator.
error-operators-name-required = Scrie numele operatorului.
error-operators-at-hub = Această stație este înscrisă la un hub: operatorii se stabilesc acolo pentru tot sediul.
error-operators-last-admin = Ultimul administrator activ al stației rămâne administrator.
error-operators-not-yourself = Nu te poți dezactiva singur.

## Asking a supervisor (#16)
ask-open = Întreabă un supervizor
ask-title = Întreabă un supervizor despre { $lpn }
ask-current = Regulile au decis: { $channel }.
ask-why = De ce ar trebui să se uite un supervizor?
ask-channel = Canalul pe care l-ai alege
ask-send = Trimite în coada supervizorilor
ask-sent = Trimis: așteaptă în coada supervizorilor.
queue-kind-request = Cerere de verificare
queue-action-dismiss = Respinge cererea (decizia rămâne)
error-queue-already-requested = Un supervizor a fost deja întrebat despre această unitate.
error-queue-not-a-request = Doar o cerere de verificare se respinge.
