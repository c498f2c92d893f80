# Stanowisko Redock — polski. Klucze są wspólne dla UI (@fluent/bundle) i Rusta (etykiety, błędy).
# Każdy klucz z tego pliku musi istnieć w en, ro, nb i ru (sprawdzają to testy).

app-title = Redock
language-name = Polski

## Log-in
login-title = Zaloguj się na stanowisku
login-badge-label = Identyfikator
login-badge-hint = Zeskanuj identyfikator lub wpisz jego kod
login-pin-label = PIN
login-submit = Zaloguj
login-language = Język
login-working = Sprawdzanie…
login-switch = { $name }: Twój PIN przejmuje stanowisko
login-cancel = Wróć

## Station screen
station-operator = { $name } ({ $role })
station-logout = Wyloguj
station-scan-label = Skanowanie
station-scan-hint = Zeskanuj kod albo wpisz go i naciśnij Enter
station-waiting = Gotowe do kolejnego skanu
station-saving = Zapisywanie…
station-last-scan = Ostatni skan
station-recent = Ostatnie skany
station-pending = { $count ->
    [one] { $count } zdarzenie czeka na synchronizację
    [few] { $count } zdarzenia czekają na synchronizację
    [many] { $count } zdarzeń czeka na synchronizację
   *[other] { $count } zdarzenia czeka na synchronizację
}
station-readonly = To stanowisko nie może niczego zapisać: baza danych jest tylko do odczytu. Wezwij kierownika zmiany.
station-queued = { $count ->
    [one] { $count } skan czeka na zapisanie
    [few] { $count } skany czekają na zapisanie
    [many] { $count } skanów czeka na zapisanie
   *[other] { $count } skanu czeka na zapisanie
}
station-name = { $station } · { $site }

## Receiving
parcel-title = Paczka { $code }
parcel-none = Brak otwartej paczki. Zeskanuj etykietę paczki, numer RMA lub numer zamówienia.
parcel-damaged = Uszkodzona w transporcie
parcel-closed = Zamknięta
parcel-units = Przyjęte jednostki
parcel-exceptions = Niezgodności
parcel-no-returns = Brak oczekiwanego zwrotu dla tej paczki
parcel-hint = Zeskanuj każdy artykuł. Następnie zeskanuj CLOSE; EMPTY, jeśli karton jest pusty; DAMAGED, jeśli paczka dotarła uszkodzona.
line-status = { $received }/{ $qty }
action-opened = Otwarto paczkę
action-attached = Dodano zwrot do tej paczki
action-received = Przyjęto jednostkę: { $lpn }
action-damaged = Oznaczono paczkę jako uszkodzoną
action-closed = Zamknięto paczkę
repeat-parcel_open = Już otwarta: ta paczka jest na stanowisku
repeat-rma_on_parcel = Już w tej paczce: nic nie dodano
repeat-unit_received = Już przyjęta: { $lpn }
repeat-unit_on_desk = Już na stanowisku: { $lpn }
repeat-double_read = Odczytano dwa razy: przyjęto raz
unit-parked = { $lpn } czeka na inspekcję: etykieta się drukuje, odłóż sztukę na półkę oczekujących
close-waiting = { $count ->
    [one] 1 sztuka z tej paczki czeka na inspekcję: { $lpns }
    [few] { $count } sztuki z tej paczki czekają na inspekcję: { $lpns }
   *[other] { $count } sztuk z tej paczki czeka na inspekcję: { $lpns }
}
waiting-title = Czekają na inspekcję
waiting-hint = Zeskanuj LPN sztuki, aby ją sprawdzić
setting-unreadable = Nie można odczytać ustawienia „{ $key }” ({ $reason }): stanowisko używa domyślnego
exception-unexpected_return = Nieoczekiwany zwrot: tej paczki nie ma w żadnym RMA
exception-wrong_item = Niewłaściwy artykuł: nie ma go w zwrotach tej paczki
exception-extra_item = Nadmiarowy artykuł: więcej, niż przewiduje zwrot
exception-missing_item = Brakujący artykuł: oczekiwany, ale nie ma go w kartonie
exception-serial_mismatch = Niezgodny numer seryjny: inny niż w sprzedanym egzemplarzu
exception-empty_box = Pusty karton
exception-damaged_in_transit = Uszkodzenie w transporcie
exception-late_return = Zwrot po terminie: minął termin zwrotu ustalony przez sklep

## Scanner
scanner-connected = Skaner: { $port }
scanner-disconnected = Skaner odłączony ({ $port }): { $reason }. Podłącz go ponownie; stanowisko wykryje go samo.
scanner-overflow = Skaner wysłał { $count } bajtów bez końca kodu; zostały odrzucone. Zeskanuj ponownie.
settings-scanner = Ustawienia skanera
settings-port = Port szeregowy
settings-baud = Prędkość (bodów)
settings-suffix = Koniec kodu
settings-save = Zapisz
settings-remove = Bez skanera szeregowego
settings-close = Zamknij
settings-saved = Zapisano.
suffix-cr = CR (Enter)
suffix-crlf = CR + LF
suffix-lf = LF (nowa linia)
suffix-tab = Tabulator

settings-wedge = Skaner klawiaturowy
settings-gap = Tempo skanera: przerwa między znakami, najwyżej (ms)
settings-wedge-ends = Skan kończy się klawiszem
settings-gs = Znak wysyłany przez skaner zamiast FNC1 (GS)
settings-layout = Układ klawiatury ustawiony w skanerze
settings-layout-hint = Stanowisko odczytuje klawisze skanera w tym układzie, niezależnie od układu, w którym pisze klawiatura.
layout-us = Amerykański (także polski i rumuński programisty)
layout-de = Niemiecki
layout-no = Norweski
settings-serial = Skaner szeregowy
ends-enter-tab = Enter lub Tab
ends-enter = Enter (klawisz)
ends-tab = Tabulator

## Import
import-title = Importuj zwroty
import-choose = Wybierz plik CSV (jeden wiersz na pozycję RMA; UTF-8 lub strona kodowa, w której zapisał go Excel)
import-result = Zaimportowano zwroty: { $imported } (wierszy: { $rows }).
import-encoding = Odczytano jako { $encoding }.
import-row-error = Wiersz { $line }: { $reason }

import-row-unreadable = nie można odczytać wiersza ({ $reason })
import-row-empty = pole { $field } jest puste
import-row-unknown-shop = sklep „{ $value }” nie jest skonfigurowany na tym stanowisku
import-row-rma-format = „{ $rma }” nie pasuje do formatu RMA sklepu { $shop }
import-row-rma-exists = { $rma } jest już na stanowisku
import-row-bad-date = data zamówienia „{ $value }” nie jest datą (RRRR-MM-DD)
import-row-bad-tier = poziom klienta „{ $value }” to nie standard, loyal ani vip
import-row-not-count = { $field } „{ $value }” nie jest liczbą całkowitą 1 lub większą
import-row-unknown-sku = stanowisko nie zna SKU „{ $sku }”
import-row-too-many-serials = { $serials } numerów seryjnych przy ilości { $quantity }
import-row-header-mismatch = { $rma }: zamówienie, klient lub numer przesyłki różnią się od wiersza { $first }
import-row-duplicate-line = { $rma } ma pozycję { $line_no } dwa razy
import-row-no-lines = { $rma } nie ma żadnej pozycji

## Roles
role-inspector = kontroler
role-supervisor = kierownik zmiany
role-admin = administrator

## Scan sources
source-wedge = skaner
source-manual = wpisany ręcznie
source-serial = skaner szeregowy
source-cli = wiersz poleceń

## Kinds of code
kind-gs1 = Kod kreskowy GS1
kind-ean13 = EAN-13
kind-upca = UPC-A
kind-ean8 = EAN-8
kind-gtin14 = GTIN-14
kind-digital_link = GS1 Digital Link
kind-tracking = Numer przesyłki
kind-rma = Autoryzacja zwrotu (RMA)
kind-lpn = Identyfikator jednostki (LPN)
kind-tote = Pojemnik
kind-bin = Lokalizacja
kind-badge = Identyfikator operatora
kind-command = Polecenie
kind-order = Numer zamówienia
kind-unknown = Nieznany kod

scan-valid = kod poprawny
scan-invalid = kod niepoprawny
scan-read = Odczytano: { $text }

## What a code was found to be
match-product = Produkt: { $name }
match-category = Kategoria: { $category }
match-expected-in = Oczekiwany w RMA: { $rmas }
match-not-expected = Nie występuje w żadnym otwartym zwrocie
match-no-match = Nie znaleziono w danych tego stanowiska
match-returns-rma = Oczekiwany zwrot
match-returns-tracking = Etykieta paczki: { $count ->
    [one] { $count } oczekiwany zwrot
    [few] { $count } oczekiwane zwroty
    [many] { $count } oczekiwanych zwrotów
   *[other] { $count } oczekiwanego zwrotu
}
match-returns-order = Zamówienie { $order }
match-customer = Klient: { $name }
match-tier = Poziom: { $tier }
match-order-date = Data zamówienia: { $date }
match-line = { $qty } × { $name } (przyjęto: { $received })
match-unit = Jednostka { $lpn }: { $status }

tier-standard = standardowy
tier-loyal = lojalny
tier-vip = VIP

## Errors (error-<code>, dots and underscores as hyphens)
error-title = Nie zapisano
error-scan-empty = Pusty skan. Zeskanuj ponownie.
error-scan-too-long = Skan jest za długi ({ $len ->
    [one] { $len } bajt
    [few] { $len } bajty
    [many] { $len } bajtów
   *[other] { $len } bajta
}; maks. { $max }). Skanuj po jednym kodzie.
error-scan-control-char = Skan zawiera znak sterujący ({ $char } na pozycji { $position }). Sprawdź ustawienia skanera.
error-store-read-only = Baza danych jest tylko do odczytu. Nie można niczego zapisać. Wezwij kierownika zmiany.
error-store-busy = Baza danych jest zajęta przez inny program. Spróbuj ponownie; jeśli nadal będzie zajęta, wezwij kierownika zmiany.
error-store-disk-full = Dysk jest pełny. Nie można zapisać nic więcej. Wezwij kierownika zmiany.
error-store-newer-schema = Baza danych pochodzi z nowszej wersji Redock (wersja { $found }; ta obsługuje { $known }). Nie została otwarta.
error-store-corrupt = Plik bazy danych jest uszkodzony. Wezwij kierownika zmiany.
error-store-cannot-open = Nie można otworzyć bazy danych: { $reason }
error-store-error = Stanowisko nie mogło zapisać danych: { $reason }
error-auth-unknown-badge = Żaden operator nie ma identyfikatora { $badge }.
error-auth-badge-scanned = { $name }: PIN tej osoby przejmuje stanowisko
error-auth-idle = Wylogowano po { $minutes } min bez skanu.
error-auth-wrong-pin = Błędny PIN. { $remaining ->
    [one] Została { $remaining } próba.
    [few] Zostały { $remaining } próby.
    [many] Zostało { $remaining } prób.
   *[other] Zostało { $remaining } próby.
}
error-auth-locked = Ten identyfikator jest zablokowany do { $until } z powodu zbyt wielu błędnych kodów PIN.
error-auth-not-logged-in = Zaloguj się ponownie.
error-auth-forbidden = Wymagana rola: { $role }.
error-config-invalid = Konfiguracja stanowiska jest nieprawidłowa: { $reason }
error-not-found = Nie znaleziono: { $what } { $id }.
error-import-refused = Nie można zaimportować pliku: { $reason }
error-import-encoding-unsure = Nie można pewnie ustalić kodowania znaków pliku: wiersz { $line } odczytany jako { $guess } brzmi „{ $sample }”. Zapisz plik jako „CSV UTF-8” i zaimportuj ponownie.
error-code-unknown = Nieznany kod: nie pasuje do żadnego formatu znanego stanowisku.
error-code-check-digit = Błędna cyfra kontrolna: kod został źle odczytany lub źle wydrukowany.
error-code-unknown-command = Stanowisko nie zna tego kodu polecenia.
error-gs1-truncated = Ten kod kreskowy GS1 urywa się za wcześnie: jedno z pól jest niepełne.
error-gs1-unknown-ai = Ten kod kreskowy GS1 zawiera nieistniejący identyfikator zastosowania (AI).
error-gs1-too-long = Jedno z pól tego kodu kreskowego GS1 jest dłuższe, niż pozwala GS1.
error-gs1-bad-char = Jedno z pól tego kodu kreskowego GS1 zawiera znak, którego GS1 w tym miejscu nie dopuszcza.
error-gs1-check-digit = Błędna cyfra kontrolna w tym kodzie kreskowym GS1: kod został źle odczytany lub źle wydrukowany.
error-gs1-bad-date = Ten kod kreskowy GS1 zawiera datę, która nie istnieje.
error-gs1-bad-value = Wartość w tym kodzie kreskowym GS1 narusza reguły GS1 dla danego pola.
error-gs1-duplicate-ai = Ten kod kreskowy GS1 zawiera to samo pole dwukrotnie, z różnymi wartościami.
error-gs1-ambiguous-split = W tym kodzie kreskowym GS1 brakuje separatora i można go odczytać na więcej niż jeden sposób. Zeskanuj go ponownie lub wpisz ręcznie.
error-gs1-syntax = Ten kod kreskowy GS1 ma nieprawidłową budowę.
error-dl-bad-percent = Ten adres GS1 Digital Link zawiera błędną sekwencję kodowania procentowego (%).
error-dl-bad-path = Ścieżka tego adresu GS1 Digital Link nie jest prawidłowym kluczem GS1 z kwalifikatorami.
error-dl-bad-query = Parametry zapytania w tym adresie GS1 Digital Link zawierają nieprawidłowy atrybut GS1.
error-tracking-check-digit = Błędna cyfra kontrolna numeru przesyłki: numer został źle odczytany lub źle wydrukowany.
error-tracking-bad-country = Ten numer przesyłki pocztowej kończy się nieistniejącym kodem kraju.
error-tracking-ambiguous = Ten numer pasuje do formatu więcej niż jednego przewoźnika; wybierz przewoźnika.
error-ipc = Stanowisko nie odpowiedziało: { $reason }


## Inspection
inspect-title = Kontrola
inspect-unknown-item = Nieznany produkt
inspect-set = Zestaw oceny: { $set } v{ $version }
inspect-question = Pytanie { $number } z { $count }
inspect-fail-grade = „Tak” oznacza ocenę { $grade }
inspect-grade = Ocena
inspect-no-grade = Jeszcze bez oceny
inspect-settled-question = Ustalona przez pierwszy znaleziony problem
inspect-settled-all = Wszystkie kontrole zaliczone
inspect-settled-chosen = Ocena wybrana przez kontrolera
inspect-axes = Stan
inspect-defects = Wady
inspect-reason-found = Stwierdzona przyczyna
inspect-reason-stated = Powód klienta: { $reason }
inspect-photos = { $count ->
    [one] { $count } zdjęcie
    [few] { $count } zdjęcia
   *[other] { $count } zdjęć
}
inspect-hold = Wstrzymany dla kierownika
inspect-external = Platformy sprzedaży
inspect-scale-amazon = Amazon
inspect-scale-ebay = eBay
inspect-scale-ctia_functional = CTIA działanie
inspect-scale-ctia_cosmetic = CTIA wygląd
inspect-not-listable = nie do wystawienia
inspect-key-ok = F1 Nie
inspect-key-fail = F2 Tak
inspect-key-pass = F3 Wszystko w porządku
inspect-key-photo = F5 Zdjęcie
inspect-key-hold = F6 Wstrzymaj
inspect-key-undo = F8 Cofnij
inspect-key-next = F9 Zapisz
inspect-hint-graded = Zeskanuj następny produkt albo naciśnij F9, aby zapisać.
inspect-action-started = Kontrola { $lpn }
inspect-action-resumed = Powrót do { $lpn }
inspect-action-undone = Cofnięto ostatnią odpowiedź
inspect-action-photo = Zrób lub wybierz zdjęcie
inspect-day = Dziś: { $count } szt. · { $rate } na godzinę
inspect-none = Zeskanuj produkt, aby go przyjąć i sprawdzić, albo LPN sztuki.
## Decision
decision-title = Decyzja
decision-channel-restock = Na stan
decision-channel-refurbish = Do naprawy
decision-channel-liquidate = Wyprzedaż
decision-channel-rtv = Zwrot do dostawcy
decision-channel-donate = Darowizna
decision-channel-recycle = Recykling
decision-channel-destroy = Utylizacja
decision-channel-hold = Wstrzymane do przeglądu
decision-destination = Odłóż do { $destination }
decision-recovery = Oczekiwany odzysk: { $amount }
decision-refund-full = Zwrot pieniędzy: całość, { $amount }
decision-refund-partial = Zwrot pieniędzy: { $amount } (opłata za przyjęcie { $fee } %)
decision-refund-none = Bez zwrotu pieniędzy
decision-refund-review = Zwrot pieniędzy: decyduje kierownik
decision-by-rule = Reguła { $rule }
decision-by-person = Decyzja osoby: { $note }
decision-inspector-hold = Wstrzymane przez kontrolera
decision-why = Dlaczego?
decision-why-close = Zamknij
decision-label-alt = Etykieta { $lpn }
decision-reprint = Wydrukuj etykietę ponownie
decision-reprinted = Etykieta ponownie w kolejce drukowania.
decision-trace-row = Pasuje wiersz { $row }
decision-trace-missed = Wiersz { $row } nie pasuje: { $field } = { $value }
decision-trace-channels = Oczekiwany odzysk według kanału
decision-trace-closed = niedozwolone
decision-flags = Sygnały nadużycia
flag-empty_box = Puste pudełko
flag-swapped_item = Podmieniony produkt (inny GTIN)
flag-serial_mismatch = Niezgodny numer seryjny
flag-used_beyond_window = Używany po terminie zwrotu
flag-repeat_returner = Częsty zwracający
decision-held-unknown_item = Ten produkt nie ma znanego SKU
decision-held-no_expected_return = Żaden oczekiwany zwrot nie obejmuje tego produktu

## Decisions in sentences (built from the trace by redock-domain disposition::explain)
decision-details = Szczegóły
decision-details-close = Ukryj szczegóły
explain-skipped = { $rule }? Nie: { $fact }.
explain-skipped-needs = { $rule }? Nie: { $fact }; { $needs }.
explain-decided = { $rule }? Tak: { $facts }.
explain-decided-always = { $rule }: ostatnia reguła, dla każdej jednostki, której nie wzięły reguły powyżej.
explain-best-chosen = Największy odzysk: { $channel }, { $amount }.
explain-best-other = { $channel } — odzysk wyniósłby { $amount }.
explain-best-blocked = { $channel } — pominięte: { $note }.
explain-best-unvalued = Nie dało się wycenić odzysku, więc wybrano pierwszy kanał, na który pozwala reguła: { $channel }.
explain-rules-would = Bez wstrzymania reguły wybrałyby: { $channel }.
explain-override-was = Przed zmianą: { $channel }.
explain-fact-grade = ocena to { $grade }
explain-fact-axis = { $axis }: { $value }
explain-fact-axis-missing = kontrola nie zapisała wartości { $axis }
explain-fact-category = kategoria to { $category }
explain-fact-currency = cena jest w { $currency }
explain-fact-cost = koszt jednostki to { $amount }
explain-fact-price = cena to { $amount }
explain-fact-days = { $days ->
    [0] kupiono dziś
    [one] kupiono { $days } dzień temu
   *[other] kupiono { $days } dni temu
}
explain-fact-window-within = zwrócono w terminie zwrotu sklepu ({ $days ->
        [one] { $days } dzień
       *[other] { $days } dni
    } po zakupie)
explain-fact-window-late = zwrócono po terminie zwrotu sklepu ({ $days ->
        [one] { $days } dzień
       *[other] { $days } dni
    } po zakupie)
explain-fact-tier = poziom klienta: { $tier }
explain-fact-vendor-eligible = dostawca przyjmuje zwroty, ale ich nie wymaga
explain-fact-vendor-forced = dostawca wymaga zwrotu wadliwych jednostek
explain-fact-vendor-prohibited = dostawca niczego nie przyjmuje z powrotem
explain-fact-vendor-none = żadna umowa z dostawcą nie obejmuje tego produktu
explain-fact-vendor-window-open = { $left ->
    [0] termin zwrotu do dostawcy mija dziś
    [one] termin zwrotu do dostawcy trwa jeszcze { $left } dzień
   *[other] termin zwrotu do dostawcy trwa jeszcze { $left } dni
}
explain-fact-vendor-window-closed = { $ago ->
    [one] termin zwrotu do dostawcy minął { $ago } dzień temu
   *[other] termin zwrotu do dostawcy minął { $ago } dni temu
}
explain-fact-vendor-window-days = termin zwrotu do dostawcy to { $days ->
        [one] { $days } dzień
       *[other] { $days } dni
    }
explain-fact-vendor-credit = dostawca zwraca { $credit } naszego kosztu
explain-fact-flags = jednostka ma sygnały nadużycia ({ $flags })
explain-fact-flags-none = jednostka nie ma sygnałów nadużycia
explain-needs = { $op ->
    [not] reguła wyklucza: { $expected }
    [lt] reguła wymaga: mniej niż { $limit }
    [le] reguła wymaga: najwyżej { $limit }
    [gt] reguła wymaga: więcej niż { $limit }
    [ge] reguła wymaga: co najmniej { $limit }
    [between] reguła wymaga: od { $low } do { $high }
   *[is] reguła wymaga: { $expected }
}
explain-needs-days = { $op ->
    [not] reguła wyklucza: { $expected } dn.
    [eq] reguła wymaga: dokładnie { $limit ->
        [one] { $limit } dzień
       *[other] { $limit } dni
    }
    [lt] reguła wymaga: mniej niż { $limit ->
        [one] { $limit } dzień
       *[other] { $limit } dni
    }
    [le] reguła wymaga: najwyżej { $limit ->
        [one] { $limit } dzień
       *[other] { $limit } dni
    }
    [gt] reguła wymaga: więcej niż { $limit ->
        [one] { $limit } dzień
       *[other] { $limit } dni
    }
    [ge] reguła wymaga: co najmniej { $limit ->
        [one] { $limit } dzień
       *[other] { $limit } dni
    }
    [between] reguła wymaga: od { $low } do { $high } dni
   *[is] reguła wymaga: { $expected } dn.
}
explain-needs-flags = reguła dotyczy: { $flags }
recovery-note-no-vendor-agreement = żadna umowa z dostawcą nie obejmuje tego produktu
recovery-note-agreement-prohibits-rtv = umowa z dostawcą nie przewiduje zwrotów
recovery-note-vendor-window-closed = { $ago ->
    [one] termin zwrotu do dostawcy minął { $ago } dzień temu
   *[other] termin zwrotu do dostawcy minął { $ago } dni temu
}
recovery-note-currency-mismatch = Stawki tabeli reguł są w { $table }, a cena jednostki w { $unit }: nie dało się wycenić odzysku.
recovery-note-input-rates = Wyceniono według własnych stawek tej jednostki.
recovery-note-category-rates = Wyceniono według stawek dla kategorii { $category }.
recovery-note-default-rates = Wyceniono według ogólnych stawek tabeli: nie ma w niej stawek dla kategorii { $category }.
# Rule reason codes (reason-<code>, dots and underscores as hyphens): what a rule is for, read as a question
reason-fraud-suspected = Wstrzymanie przy podejrzeniu oszustwa
reason-abuse-review = Wstrzymanie do sprawdzenia nadużycia
reason-vendor-forced-rtv = Zwrot do dostawcy, którego wymaga umowa
reason-value-review = Przegląd drogiej jednostki w złym stanie
reason-hygiene-destroy = Utylizacja odzieży, która nie przeszła kontroli higieny
reason-resell-as-new = Na stan jako nowy
reason-resell-loyal-lenient = Na stan dla lojalnego klienta
reason-resell-like-new = Na stan jako prawie nowy
reason-late-recheck = Ponowne sprawdzenie spóźnionego zwrotu przed sprzedażą
reason-value-best-electronics = Elektronika do kanału o największym odzysku
reason-refurbish-electronics = Naprawa elektroniki
reason-liquidate-electronics-parts = Sprzedaż elektroniki na części
reason-recycle-ewaste = Recykling jako elektroodpady
reason-refurbish-apparel-clean = Czyszczenie i nowa metka dla odzieży
reason-donate-apparel = Darowizna odzieży
reason-recycle-textile = Recykling tekstyliów
reason-value-best-home = Artykuły domowe do kanału o największym odzysku
reason-liquidate-home = Sprzedaż artykułów domowych w partiach
reason-destroy-unsafe = Utylizacja jako niebezpieczne
reason-value-best-default = Wszystko inne do kanału o największym odzysku
# Reasons the station gives when the rules did not decide
reason-engine-no-row-matched = Żadna reguła nie pasuje do tej jednostki: czeka na decyzję osoby.
reason-unknown-item = Ten produkt nie ma znanego SKU: czeka na decyzję osoby.
reason-no-expected-return = Żaden oczekiwany zwrot nie obejmuje tego produktu: czeka na decyzję osoby.
reason-input-not-valid = Dane jednostki nie pasują do reguł (zob. szczegóły): czeka na decyzję osoby.
reason-order-date-unreadable = Nie można odczytać daty zamówienia, więc nie da się sprawdzić terminu zwrotu: czeka na decyzję osoby.
reason-inspector-hold = Kontroler wstrzymał jednostkę dla kierownika zmiany.
reason-override = Kierownik zmiany zdecydował zamiast reguł.

## Holds (supervisors)
holds-title = Wstrzymane
holds-open = Wstrzymane ({ $count })
holds-empty = Żadna sztuka nie jest wstrzymana.
holds-age = czeka { $minutes } min
override-channel = Wyślij do
override-refund = Zwrot pieniędzy
override-refund-keep = Bez zmian
override-refund-full = Całość
override-refund-partial = Pomniejszony o opłatę
override-refund-none = Brak
override-refund-fee = Opłata za przyjęcie (%)
override-note = Powód (wymagany)
override-save = Zapisz decyzję
override-saved = Zapisano decyzję dla { $lpn }.
## Photos
photo-title = Zdjęcie
photo-camera = Zrób zdjęcie
photo-file = Wybierz plik
photo-no-camera = Brak kamery w tym oknie: wybierz plik lub wrzuć zdjęcia do folderu zdjęć stanowiska.
photo-added = Dodano zdjęcie.
photo-cancel = Anuluj
## Errors of inspection, disposition and photos
error-inspection-already-settled = Ocena jest już ustalona. Zeskanuj COFNIJ (UNDO), aby zmienić odpowiedź.
error-inspection-unknown-grade = Tej oceny nie ma w skali tego produktu.
error-inspection-contradicts = Ta ocena przeczy udzielonej już odpowiedzi. Najpierw zeskanuj UNDO.
error-inspection-unknown-defect = Tej wady nie ma na liście dla tego produktu.
error-inspection-defect-twice = Ta wada jest już zapisana.
error-inspection-unknown-reason = Tego powodu nie ma na liście dla tego produktu.
error-inspection-photo-twice = To zdjęcie jest już dołączone.
error-inspection-nothing-to-undo = Nie ma odpowiedzi do cofnięcia.
error-inspection-no-unit = Żadna sztuka nie jest sprawdzana. Najpierw zeskanuj produkt lub LPN.
error-inspection-not-graded = Sztuka nie ma jeszcze oceny. Odpowiedz na pytanie lub zeskanuj ocenę.
error-inspection-set-changed = Zestaw oceny tej kontroli nie jest już wczytany. Wezwij kierownika.
error-disposition-reason-required = Wpisz powód tej decyzji.
error-disposition-refund-invalid = Opłata za przyjęcie wynosi od 0,01 % do 99,99 % ceny.
error-disposition-not-decided = Ta sztuka nie ma jeszcze decyzji.
error-photo-too-large = Plik zdjęcia jest za duży.
error-photo-too-many-pixels = Zdjęcie ma zbyt wiele pikseli.
error-photo-unsupported-format = Ten plik nie jest zdjęciem JPEG, PNG ani WebP.
error-photo-unreadable = Nie można odczytać zdjęcia: plik jest uszkodzony lub nie jest obrazem.
error-photo-io = Nie udało się zapisać zdjęcia.
error-photo-disk-full = Dysk jest pełny: zdjęcie nie zostało zapisane. Wezwij kierownika.

# Labels (etykieta jednostki; nazwy kanałów drukowane są dużymi literami: krótko)
label-grade = Klasa
label-destination = Miejsce docelowe
label-station = Stanowisko
label-date = Data
label-channel-restock = Na stan
label-channel-refurbish = Regeneracja
label-channel-liquidate = Wyprzedaż
label-channel-rtv = Zwrot do dostawcy
label-channel-donate = Darowizna
label-channel-recycle = Recykling
label-channel-destroy = Utylizacja
# Printed on the LPN label of a unit received and not yet graded.
label-channel-waiting = Do inspekcji
label-channel-hold = Wstrzymane


## Printing
print-waiting = { $count ->
    [one] { $count } etykieta czeka na drukarkę
    [few] { $count } etykiety czekają na drukarkę
   *[other] { $count } etykiet czeka na drukarkę
}
print-failed = { $count ->
    [one] Nie udało się wydrukować { $count } etykiety: wezwij kierownika
   *[other] Nie udało się wydrukować { $count } etykiet: wezwij kierownika
}
print-reprint = Drukuj ponownie etykietę
print-queued = Etykieta dla { $lpn } w kolejce
error-print-offline = Drukarka nie odpowiada. Etykiety czekają i wydrukują się, gdy wróci; pracuj dalej.
error-print-timeout = Drukarka przestała przyjmować etykietę. Nastąpi ponowna próba.
error-print-disk-full = Dysk folderu etykiet jest pełny. Wezwij kierownika.
error-print-io = Nie udało się wysłać etykiety do drukarki. Nastąpi ponowna próba.
error-print-refused = Drukarka odrzuciła etykietę. Wezwij kierownika.
error-print-no-such-queue = Kolejka wydruku ustawiona dla stanowiska nie istnieje. Wezwij kierownika.
error-print-no-such-job = Drukarka nie zna już tego zadania.
error-print-stopped = Drukarka jest zatrzymana (wyłączona, bez etykiet lub wstrzymana w CUPS). Etykiety czekają i wydrukują się po jej wznowieniu; pracuj dalej.
error-print-job-ended = Serwer wydruku zakończył zadanie bez wydrukowania etykiety. Wezwij kierownika, aby wydrukować ją ponownie.
error-print-denied = Stanowisko nie może zapisywać w folderze etykiet. Wezwij kierownika.
error-print-bad-config = Ustawienia drukarki nie mogą działać. Wezwij kierownika.
error-print-bad-job = Zadanie wydruku jest nieprawidłowe.
error-label-render = Nie można narysować etykiety: { $reason }
print-unsure = Etykieta dla { $lpn } mogła się wydrukować: stanowisko zatrzymało się w trakcie jej wysyłania. Sprawdź drukarkę.
print-unsure-confirm = Wydrukowana — potwierdź
print-unsure-reprint = Nie ma jej — drukuj ponownie
print-failed-dismiss = Odrzuć
error-print-settled = Ta etykieta jest już rozstrzygnięta: wydrukowana, wydrukowana ponownie lub odrzucona.
error-print-sending = Stanowisko właśnie wysyła lub zapisuje tę etykietę. Spróbuj za chwilę.
sheet-title = Arkusz stanowiska: zeskanuj polecenie

## Ustawienia drukarki (kierownicy zmiany i administratorzy)
printer-title = Ustawienia drukarki
printer-loading = Wczytywanie ustawień drukarki…
printer-kind = Rodzaj drukarki
printer-kind-folder = Folder (pliki etykiet na tym komputerze)
printer-kind-cups = Kolejka drukarki CUPS
printer-kind-raw = Drukarka sieciowa (port 9100)
printer-kind-serial = Drukarka szeregowa
printer-dir = Folder na pliki etykiet
printer-cups-server = Serwer CUPS (host:port; puste dla tego komputera)
printer-cups-queues = Znalezione kolejki
printer-cups-choose = Wybierz kolejkę…
printer-cups-queue = Nazwa kolejki
printer-cups-refresh = Odśwież
printer-cups-loading = Szukanie kolejek CUPS…
printer-cups-none = CUPS nie ma kolejek na { $server }. Wpisz nazwę kolejki.
printer-cups-unreachable = CUPS nie odpowiada na { $server }. Nadal możesz wpisać nazwę kolejki.
printer-cups-stopped = zatrzymana
printer-cups-not-accepting = nie przyjmuje zadań
printer-host = Adres drukarki (nazwa hosta lub IP)
printer-port = Port TCP
printer-timeout = Limit czasu (ms)
printer-format = Format etykiety
printer-format-pdf = PDF (dowolna drukarka lub pliki)
printer-format-zpl = ZPL (drukarki termiczne Zebra i zgodne)
printer-format-png = PNG (obraz)
printer-template = Rozmiar etykiety
printer-template-4x6in = Etykieta wysyłkowa 4 × 6 cali
printer-template-100x150mm = Etykieta wysyłkowa 100 × 150 mm
printer-template-unit-2x1in = Etykieta sztuki 2 × 1 cal
printer-dpi = Rozdzielczość drukarki (dpi)
printer-dpi-pdf = Etykieta PDF pasuje do każdej drukarki; rozdzielczość dotyczy tylko ZPL i PNG.
printer-test = Wydruk próbny
printer-testing = Wysyłanie etykiety próbnej…
printer-test-file = Etykieta próbna zapisana w { $path }
printer-test-cups = Etykieta próbna wysłana do kolejki CUPS { $queue } jako zadanie { $job }.
printer-test-sent = Etykieta próbna wysłana do { $device } ({ $bytes } B).
printer-test-failed = Etykieta próbna nie została wydrukowana: { $reason }
printer-port-invalid = Port musi być liczbą całkowitą od 1 do 65535.
printer-timeout-invalid = Limit czasu musi być całkowitą liczbą milisekund, co najmniej 1.
printer-baud-invalid = Prędkość musi być całkowitą liczbą bodów, co najmniej 1.
retention-title = Przechowywanie etykiet
retention-days = Przechowuj pliki etykiet i zakończone zadania wydruku przez (dni)
retention-hint = Raz dziennie usuwane są starsze pliki etykiet z folderu etykiet oraz wydrukowane lub odrzucone zadania wydruku.
retention-days-invalid = Liczba dni musi być liczbą całkowitą od 1 do 3650.
label-test-title = Etykieta próbna (nie sztuka towaru)

# The event log, personal data, compaction
error-event-unknown-kind = Dziennik stanowiska zawiera zdarzenie rodzaju nieznanego tej wersji ({ $reason }). Niczego nie zmieniono; zaktualizuj Redock na tym stanowisku.
error-event-newer-version = Dziennik stanowiska zawiera zdarzenie zapisane przez nowszy Redock ({ $reason }). Niczego nie zmieniono; zaktualizuj Redock na tym stanowisku.
error-event-no-such-version = Zdarzenie w dzienniku ma wersję, która nigdy nie istniała ({ $reason }). Niczego nie zmieniono; zadzwoń do wsparcia.
error-event-malformed = Nie można odczytać zdarzenia w dzienniku ({ $reason }). Niczego nie zmieniono; zadzwoń do wsparcia.
error-event-encode = Nie udało się zapisać zmiany w dzienniku ({ $reason }). Niczego nie zapisano.
error-customer-unknown = Na tym stanowisku nie ma takiego klienta. Niczego nie usunięto.
error-customer-already-erased = Dane tego klienta zostały już usunięte.
error-log-not-acknowledged = Usunąć można tylko zdarzenia potwierdzone przez centralę: { $reason }
error-log-keep-everything = To stanowisko przechowuje wszystkie zdarzenia (nie ustawiono okresu przechowywania). Niczego nie usunięto.
error-import-use-hub = To stanowisko jest połączone z centralą: zaimportuj plik w centrali, która prześle zwroty do wszystkich stanowisk zakładu.
error-data-unknown-tier = Dane stanowiska zawierają poziom klienta nieznany tej wersji ({ $value }). Zaktualizuj Redock na tym stanowisku lub wezwij kierownika zmiany.
error-data-unknown-rtv-terms = Dane stanowiska zawierają warunki zwrotu do dostawcy nieznane tej wersji ({ $value }). Zaktualizuj Redock na tym stanowisku lub wezwij kierownika zmiany.
error-data-unknown-channel = Dane stanowiska zawierają kanał dyspozycji nieznany tej wersji ({ $value }). Zaktualizuj Redock na tym stanowisku lub wezwij kierownika zmiany.
error-data-unknown-decided-by = Dane stanowiska zawierają decyzję podjętą przez kogoś nieznanego tej wersji ({ $value }). Zaktualizuj Redock na tym stanowisku lub wezwij kierownika zmiany.
error-data-unknown-unit-status = Dane stanowiska zawierają status jednostki nieznany tej wersji ({ $value }). Zaktualizuj Redock na tym stanowisku lub wezwij kierownika zmiany.
error-data-unknown-exception-kind = Dane stanowiska zawierają wyjątek przyjęcia nieznany tej wersji ({ $value }). Zaktualizuj Redock na tym stanowisku lub wezwij kierownika zmiany.
customer-erased = dane klienta usunięte

# Sync with the hub
error-sync-not-enrolled = To stanowisko nie jest zarejestrowane w centrali.
error-sync-stopped = Synchronizacja wstrzymana: { $reason }
error-sync-other-site = Ten kod rejestracji jest dla innego zakładu. { $reason }
error-sync-hub-unreachable = Brak połączenia z centralą; zdarzenia czekają tutaj i nic nie ginie. { $reason }
error-sync-refused = Centrala odmówiła: { $reason }
error-sync-hub-behind = Centrala utraciła zdarzenia, których to stanowisko już nie ma: { $reason }
error-sync-seq-conflict = Synchronizacja wstrzymana: centrala ma inne zdarzenia pod tymi samymi numerami (baza została odtworzona lub skopiowana). Zadzwoń do wsparcia. { $reason }
error-sync-stream-continued = Ta baza została odtworzona z kopii lub skopiowana: działa dalej w nowym strumieniu i nic zapisanego tutaj nie ginie; utracona praca wraca z centrali. { $reason }
error-sync-stream-closed = Synchronizacja wstrzymana: inna kopia bazy tej stacji działa jako ta stacja. Używaj tamtej; zadzwoń do wsparcia. { $reason }
error-sync-lpn-reused = Te numery LPN zostały wydane dwa razy po odtworzeniu; oznacz ponownie jedną z dwóch jednostek: { $reason }
error-sync-revoked = Centrala cofnęła dostęp temu stanowisku; administrator musi je ponownie zarejestrować.
error-custody-elsewhere = Ta jednostka została przekazana innemu stanowisku. Sprawdź ją tam albo zeskanuj ją tutaj ponownie, aby ją odebrać.
error-custody-hub-unreachable = Tą jednostką zarządza inne stanowisko, a centrala nie może jej teraz przekazać. Odłóż ją i zeskanuj ponownie, gdy sieć wróci. { $reason }
error-custody-unknown-unit = Żadne stanowisko tego magazynu nie przyjęło tej jednostki. Sprawdź etykietę albo przyjmij jednostkę ponownie.
error-sync-unauthorized = Centrala nie zna tokenu tego stanowiska; administrator musi je ponownie zarejestrować.
sync-stopped = Synchronizacja wstrzymana: { $reason }
sync-unreachable = Brak połączenia z centralą od { $since }; nic nie ginie
sync-last = Ostatnia synchronizacja { $at }
sync-notice-dismiss = Przeczytane

## A parcel without a label (CMD:NOLABEL)
parcel-key-nolabel = F4 Brak etykiety
parcel-no-label = Paczka bez etykiety
parcel-no-label-hint = Znajdź jej zwrot: zeskanuj produkt (sprawdzimy jego numer seryjny), numer zamówienia lub RMA z dowodu dostawy albo naciśnij F7, aby szukać po nazwisku klienta.
exception-label_missing = Brak etykiety: zwrot odnaleziono po zawartości
prompt-no-parcel-open = Żadna paczka nie jest otwarta. Zeskanuj etykietę paczki (albo BRAK ETYKIETY, F4, jeśli jej nie ma): { $code } trafi do niej.
prompt-choose-return = Numer seryjny { $serial } sprzedano w { $count } otwartych zwrotach. Zeskanuj RMA lub numer zamówienia z dowodu dostawy albo naciśnij Alt i jego numer.
prompt-serial-not-found = Żaden otwarty zwrot nie ma numeru seryjnego { $serial }: przyjęto jako zwrot nieoczekiwany.
find-returns-title = Znajdź zwrot po nazwisku klienta (F7)
find-returns-placeholder = Imię i nazwisko klienta
find-returns-none = Brak otwartego zwrotu dla „{ $name }”.
find-returns-close = Wróć do skanowania (Esc)
error-receiving-name-too-short = Wpisz co najmniej 3 litery nazwiska klienta.

# A unit's history (the supervisors' trail)
trail-title = Historia sztuki
trail-lpn = Zeskanuj lub wpisz LPN
trail-show = Pokaż
trail-here = to stanowisko
trail-elsewhere = inne stanowisko
trail-empty = Nic nie zapisano dla tej sztuki.
trail-open = Historia
trail-kind-rma-added = Zwrot zapowiedziany
trail-kind-rma-amended = Zwrot zmieniony
trail-kind-rma-attached = Zwrot znaleziony dla paczki
trail-kind-parcel-opened = Paczka otwarta
trail-kind-parcel-damaged = Paczka uszkodzona
trail-kind-parcel-closed = Paczka zamknięta
trail-kind-exception-recorded = Ustalenie
trail-kind-unit-received = Sztuka przyjęta
trail-kind-unit-parked = Czeka na kontrolę
trail-kind-inspection-started = Kontrola rozpoczęta
trail-kind-inspection-step = Odpowiedź w kontroli
trail-kind-inspection-undone = Odpowiedź cofnięta
trail-kind-inspected = Skontrolowano
trail-kind-decided = Zdecydowano
trail-kind-print-queued = Etykieta w kolejce
trail-kind-print-sending = Etykieta wysyłana
trail-kind-print-attempted = Etykieta wysłana do drukarki
trail-kind-print-followed = Drukarka sprawdzona
trail-kind-print-confirmed = Wydruk etykiety potwierdzony
trail-kind-print-replaced = Etykieta zastąpiona
trail-kind-print-dismissed = Etykieta odrzucona
trail-kind-unit-taken-over = Przejęta z innego stanowiska
trail-kind-custody-changed = Pieczę przeniesiono
trail-kind-register-settled = Rozstrzygnięto w centrali

# Trying a rule table (administrators)
dry-run-title = Wypróbuj tabelę reguł
dry-run-about = Ostatnie 1000 decyzji reguł na tym stanowisku, podjętych ponownie według tabeli: co by się zmieniło. Nic nie jest zapisywane; tabele wgrywa się w centrali.
dry-run-file = Plik tabeli reguł (JSON)
dry-run-json = lub wklej go tutaj
dry-run-go = Wypróbuj
dry-run-summary = { $table }: wypróbowano { $compared } decyzji, zmieniłoby się { $changed }; oczekiwany odzysk łącznie { $delta }.
dry-run-from = Teraz
dry-run-to = Byłoby
dry-run-recovery = Oczekiwany odzysk
dry-run-more = … i jeszcze { $count }
open-dry-run = Reguły
error-rules-invalid = Tej tabeli reguł nie można użyć: { $reason }
error-rules-dry-run-empty = Reguły nie podjęły jeszcze żadnej decyzji na tym stanowisku: nie ma na czym wypróbować tabeli.

## The supervisors' queue (#16)
queue-title = Kolejka
queue-open = Kolejka
queue-empty = Nic w kolejce nie pasuje.
queue-kind-hold = Wstrzymane
queue-kind-waiting = Czeka na kontrolę
queue-kind-conflict = Konflikt między stanowiskami
queue-state-ok = W terminie
queue-state-warn = Termin wkrótce
queue-state-breached = Po terminie
queue-state-paused = Wstrzymany zegar
queue-filter-kind = Rodzaj
queue-filter-state = Stan
queue-filter-age = Co najmniej (godziny)
queue-filter-channel = Kanał
queue-filter-inspector = Sprawdził(a)
queue-filter-flag = Sygnał
queue-filter-assigned = Przypisane do
queue-any = Dowolne
queue-matching = Pokazano { $shown } z { $matching }
queue-hm = { $hours } godz. { $minutes } min
queue-left = zostało { $time }
queue-past = { $time } po terminie
queue-paused-for = Zegar zatrzymany: { $reason }
queue-pause-vendor-rga = czekamy na RGA dostawcy
queue-pause-customer = czekamy na klienta
queue-pause-carrier-claim = otwarta reklamacja u przewoźnika
queue-pause-other = inny powód
queue-extended = Termin przedłużony o { $hours } godz.
queue-assigned = Przypisane do: { $name }
queue-inspected-by = Sprawdził(a): { $name }
queue-select-all = Wybierz wszystkie widoczne
queue-action = Działanie
queue-action-release = Zwolnij do kanału
queue-action-assign = Przypisz
queue-action-extend = Przedłuż termin
queue-action-pause = Zatrzymaj zegar
queue-action-resume = Wznów zegar
queue-hours = Godziny
queue-unassigned = Nikt
queue-pause-reason = Dlaczego
queue-reason = Powód
queue-apply = Zastosuj do wybranych: { $count }
queue-done = { $count ->
    [one] Zrobione dla jednej pozycji.
    [few] Zrobione dla { $count } pozycji.
   *[other] Zrobione dla { $count } pozycji.
}
queue-refresh = Odśwież
sla-alert = { $count ->
    [one] 1 pozycja po terminie
    [few] { $count } pozycje po terminie
   *[other] { $count } pozycji po terminie
}
error-queue-reason-required = Wpisz powód tego działania.
error-queue-nothing-chosen = Wybierz co najmniej jedną pozycję kolejki.
error-queue-too-many = Za dużo pozycji naraz. Wybierz najwyżej 500.
error-queue-extend-invalid = Przedłużenie to od 1 do 720 godzin.
error-queue-release-to-hold = Wybierz kanał, do którego trafiają sztuki.
error-queue-stale = Kolejka zmieniła się w międzyczasie: { $reason }
error-queue-not-decided = Sztukę czekającą na kontrolę się sprawdza, nie zwalnia.
error-queue-already-paused = Zegar jednej z pozycji jest już zatrzymany.
error-queue-not-paused = Zegar jednej z pozycji biegnie.
error-queue-unknown-operator = Ten operator nie jest aktywny na tym stanowisku.
trail-kind-queue-changed = Zmiana w kolejce
trail-kind-sla-breached = Po terminie SLA

## KPIs (#16)
kpi-open = Wskaźniki
kpi-title = Wskaźniki
kpi-from = Od
kpi-to = Do
kpi-show = Pokaż
kpi-export = Eksport CSV
kpi-exported = Zapisano jako { $path }
kpi-summary = { $units } szt. w { $hours } godz. pracy: { $rate } na godzinę
kpi-chart = Sztuki sprawdzone dziennie
kpi-units = Sztuki
kpi-hours = Godziny
kpi-rate = Na godzinę
kpi-handle = Średni czas obsługi
kpi-inspectors = Kontrolerzy
kpi-handle-title = Czas obsługi według zestawu ocen
kpi-mix = Podział dyspozycji i spodziewany odzysk
kpi-by-rule = Według reguł
kpi-by-person = Przez człowieka
kpi-recovery = Spodziewany odzysk
kpi-reasons-sku = Główne powody zwrotów według SKU
kpi-reasons-vendor = Główne powody zwrotów według dostawcy
kpi-stated = Podany
kpi-found = Stwierdzony
kpi-fraud = Sygnały nadużyć
kpi-breaches = Przekroczenia SLA
error-kpi-range-invalid = Tego zakresu dat nie da się pokazać: { $reason }
dry-run-jdm-export = Eksportuj obowiązującą tabelę dla GoRules (JDM)
dry-run-jdm-exported = Zapisano jako { $path }: otwórz w edytorze GoRules.
dry-run-jdm-save = Zapisz tabelę z GoRules dla huba
dry-run-jdm-saved = Zapisano jako { $path }: wgraj ją w hubie (redock hub admin rules).
dry-run-jdm-read = Dokument GoRules JDM: wczytany na obowiązującą tabelę jako jej następna wersja.
error-rules-jdm-invalid = To nie jest dokument GoRules JDM: { $reason }
error-rules-jdm-unsupported = Tabele Redocka tego nie obsługują: { $reason }
error-export-failed = Nie udało się zapisać pliku: { $reason }

## Operators (#16)
operators-open = Operatorzy
operators-title = Operatorzy
operators-name = Imię i nazwisko
operators-badge = Identyfikator
operators-role = Rola
operators-language = Język
operators-active = Aktywny
operators-pin = Nowy PIN
operators-pin-save = Ustaw PIN
operators-locked = zablokowany po błędnych PIN-ach
operators-add = Dodaj operatora
operators-added = Dodano: { $name }.
operators-changed = Zmieniono: { $name }.
operators-pin-reset = { $name } ma nowy PIN.
error-operators-role-required = Wybierz rolę operatora: kontroler, kierownik lub administrator.
error-operators-language-unknown = Wybierz jeden z języków stanowiska.
error-operators-pin-invalid = PIN to od 4 do 8 cyfr.
error-operators-badge-invalid = Identyfikator ma od 1 do 64 znaków, bez spacji.
error-operators-badge-taken = Ten identyfikator należy do innego operatora.
error-operators-name-required = Wpisz imię i nazwisko operatora.
error-operators-at-hub = To stanowisko jest połączone z hubem: operatorów ustawia się tam dla całego zakładu.
error-operators-last-admin = Ostatni aktywny administrator stanowiska musi nim pozostać.
error-operators-not-yourself = Nie możesz wyłączyć samego siebie.

## Asking a supervisor (#16)
ask-open = Zapytaj kierownika
ask-title = Zapytaj kierownika o { $lpn }
ask-current = Reguły zdecydowały: { $channel }.
ask-why = Dlaczego kierownik powinien to sprawdzić?
ask-channel = Kanał, który byś wybrał(a)
ask-send = Wyślij do kolejki kierowników
ask-sent = Wysłano: czeka w kolejce kierowników.
queue-kind-request = Prośba o sprawdzenie
queue-action-dismiss = Odrzuć prośbę (decyzja zostaje)
error-queue-already-requested = O tę sztukę już zapytano kierownika.
error-queue-not-a-request = Odrzuca się tylko prośbę o sprawdzenie.
