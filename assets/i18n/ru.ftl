# Станция Redock — русский. Ключи общие для UI (@fluent/bundle) и Rust (подписи, ошибки).
# Каждый ключ отсюда должен быть в en, pl, ro и nb (проверяется тестами).

app-title = Redock
language-name = Русский

## Log-in
login-title = Вход на станцию
login-badge-label = Бейдж
login-badge-hint = Отсканируйте бейдж или введите его код
login-pin-label = PIN-код
login-submit = Войти
login-language = Язык
login-working = Проверка…
login-switch = { $name }: ваш PIN передаёт вам пост
login-cancel = Назад

## Station screen
station-operator = { $name } ({ $role })
station-logout = Выйти
station-scan-label = Сканирование
station-scan-hint = Отсканируйте код или введите его и нажмите Enter
station-waiting = Готово к следующему сканированию
station-saving = Сохранение…
station-last-scan = Последнее сканирование
station-recent = Недавние сканирования
station-pending = { $count ->
    [one] { $count } событие ожидает синхронизации
    [few] { $count } события ожидают синхронизации
    [many] { $count } событий ожидают синхронизации
   *[other] { $count } события ожидают синхронизации
}
station-readonly = Эта станция ничего не может записать: база данных доступна только для чтения. Позовите начальника смены.
station-queued = { $count ->
    [one] { $count } сканирование ожидает сохранения
    [few] { $count } сканирования ожидают сохранения
    [many] { $count } сканирований ожидают сохранения
   *[other] { $count } сканирования ожидают сохранения
}
station-name = { $station } · { $site }

## Receiving
parcel-title = Посылка { $code }
parcel-none = Нет открытой посылки. Отсканируйте этикетку посылки, RMA или номер заказа.
parcel-damaged = Повреждена при доставке
parcel-closed = Закрыта
parcel-units = Принятые единицы
parcel-exceptions = Расхождения
parcel-no-returns = Для этой посылки нет ожидаемого возврата
parcel-hint = Отсканируйте каждый товар. Затем отсканируйте CLOSE; EMPTY — если коробка пустая; DAMAGED — если посылка пришла повреждённой.
line-status = { $received }/{ $qty }
action-opened = Посылка открыта
action-attached = Возврат добавлен к этой посылке
action-received = Единица принята: { $lpn }
action-damaged = Посылка отмечена как повреждённая
action-closed = Посылка закрыта
repeat-parcel_open = Уже открыта: эта посылка на столе
repeat-rma_on_parcel = Уже в этой посылке: ничего не добавлено
repeat-unit_received = Уже принята: { $lpn }
repeat-unit_on_desk = Уже на столе: { $lpn }
repeat-double_read = Прочитано дважды: учтено один раз
unit-parked = { $lpn } ждёт осмотра: этикетка печатается, положите единицу на полку ожидания
close-waiting = { $count ->
    [one] { $count } единица из этой посылки ждёт осмотра: { $lpns }
    [few] { $count } единицы из этой посылки ждут осмотра: { $lpns }
   *[other] { $count } единиц из этой посылки ждут осмотра: { $lpns }
}
waiting-title = Ждут осмотра
waiting-hint = Отсканируйте LPN единицы, чтобы осмотреть её
setting-unreadable = Настройку «{ $key }» нельзя прочитать ({ $reason }): станция использует значение по умолчанию
exception-unexpected_return = Непредвиденный возврат: эта посылка не указана ни в одном RMA
exception-wrong_item = Не тот товар: его нет в возвратах этой посылки
exception-extra_item = Лишний товар: больше, чем предусмотрено возвратом
exception-missing_item = Недостающий товар: ожидался, но его нет в коробке
exception-serial_mismatch = Серийный номер не совпадает: продан товар с другим номером
exception-empty_box = Пустая коробка
exception-damaged_in_transit = Повреждение при доставке
exception-late_return = Возврат с опозданием: истёк срок возврата, установленный магазином

## Scanner
scanner-connected = Сканер: { $port }
scanner-disconnected = Сканер отключён ({ $port }): { $reason }. Подключите его снова; станция найдёт его сама.
scanner-overflow = Сканер прислал { $count } байт без конца кода; они отброшены. Отсканируйте снова.
settings-scanner = Настройки сканера
settings-port = Последовательный порт
settings-baud = Скорость (бод)
settings-suffix = Конец кода
settings-save = Сохранить
settings-remove = Без последовательного сканера
settings-close = Закрыть
settings-saved = Сохранено.
suffix-cr = CR (ввод)
suffix-crlf = CR + LF (перевод строки)
suffix-lf = LF (новая строка)
suffix-tab = Табуляция

settings-wedge = Сканер-клавиатура
settings-gap = Темп сканера: пауза между символами, не более (мс)
settings-wedge-ends = Скан заканчивается клавишей
settings-gs = Символ, который сканер посылает вместо FNC1 (GS)
settings-layout = Раскладка клавиатуры, заданная в сканере
settings-layout-hint = Станция читает клавиши сканера в этой раскладке, какой бы ни была раскладка клавиатуры.
layout-us = Американская (также польская и румынская для программистов)
layout-de = Немецкая
layout-no = Норвежская
settings-serial = Последовательный сканер
ends-enter-tab = Enter или Tab
ends-enter = Клавиша Enter
ends-tab = Табуляция

## Import
import-title = Импорт возвратов
import-choose = Выберите файл CSV (одна строка на позицию RMA; UTF-8 или кодовая страница, в которой его сохранил Excel)
import-result = Импортировано возвратов: { $imported } (строк: { $rows }).
import-encoding = Прочитано как { $encoding }.
import-row-error = Строка { $line }: { $reason }

import-row-unreadable = строку невозможно прочитать ({ $reason })
import-row-empty = поле { $field } пустое
import-row-unknown-shop = магазин «{ $value }» не настроен на этой станции
import-row-rma-format = «{ $rma }» не соответствует формату RMA магазина { $shop }
import-row-rma-exists = { $rma } уже есть на станции
import-row-bad-date = дата заказа «{ $value }» не является датой (ГГГГ-ММ-ДД)
import-row-bad-tier = уровень клиента «{ $value }» — не standard, loyal и не vip
import-row-not-count = { $field } «{ $value }» — не целое число от 1
import-row-unknown-sku = станции неизвестен SKU «{ $sku }»
import-row-too-many-serials = серийных номеров: { $serials }, а количество: { $quantity }
import-row-header-mismatch = { $rma }: заказ, клиент или трек-номер отличаются от строки { $first }
import-row-duplicate-line = у { $rma } позиция { $line_no } указана дважды
import-row-no-lines = у { $rma } нет ни одной позиции

## Roles
role-inspector = контролёр
role-supervisor = начальник смены
role-admin = администратор

## Scan sources
source-wedge = сканер
source-manual = вручную
source-serial = сканер (COM-порт)
source-cli = командная строка

## Kinds of code
kind-gs1 = Штрихкод GS1
kind-ean13 = EAN-13
kind-upca = UPC-A
kind-ean8 = EAN-8
kind-gtin14 = GTIN-14
kind-digital_link = GS1 Digital Link
kind-tracking = Трек-номер
kind-rma = Разрешение на возврат (RMA)
kind-lpn = Номер единицы (LPN)
kind-tote = Контейнер
kind-bin = Ячейка
kind-badge = Бейдж оператора
kind-command = Команда
kind-order = Номер заказа
kind-unknown = Неизвестный код

scan-valid = код верный
scan-invalid = код неверный
scan-read = Считано: { $text }

## What a code was found to be
match-product = Товар: { $name }
match-category = Категория: { $category }
match-expected-in = Ожидается в RMA: { $rmas }
match-not-expected = Не ожидается ни в одном открытом возврате
match-no-match = Не найдено в данных этой станции
match-returns-rma = Ожидаемый возврат
match-returns-tracking = Этикетка посылки: { $count ->
    [one] { $count } ожидаемый возврат
    [few] { $count } ожидаемых возврата
    [many] { $count } ожидаемых возвратов
   *[other] { $count } ожидаемого возврата
}
match-returns-order = Заказ { $order }
match-customer = Клиент: { $name }
match-tier = Уровень: { $tier }
match-order-date = Дата заказа: { $date }
match-line = { $qty } × { $name } (принято: { $received })
match-unit = Единица { $lpn }: { $status }

tier-standard = стандартный
tier-loyal = постоянный
tier-vip = VIP

## Errors (error-<code>, dots and underscores as hyphens)
error-title = Не сохранено
error-scan-empty = Пустое сканирование. Отсканируйте ещё раз.
error-scan-too-long = Слишком длинный код ({ $len ->
    [one] { $len } байт
    [few] { $len } байта
    [many] { $len } байт
   *[other] { $len } байта
}; максимум { $max }). Сканируйте по одному коду.
error-scan-control-char = Отсканированный код содержит управляющий символ ({ $char } в позиции { $position }). Проверьте настройки сканера.
error-store-read-only = База данных доступна только для чтения. Ничего нельзя записать. Позовите начальника смены.
error-store-busy = База данных занята другой программой. Повторите попытку; если ошибка повторится, позовите начальника смены.
error-store-disk-full = Диск заполнен. Больше ничего нельзя записать. Позовите начальника смены.
error-store-newer-schema = База данных создана более новой версией Redock (версия { $found }; эта поддерживает { $known }). База не открыта.
error-store-corrupt = Файл базы данных повреждён. Позовите начальника смены.
error-store-cannot-open = Не удаётся открыть базу данных: { $reason }
error-store-error = Станции не удалось сохранить данные: { $reason }
error-auth-unknown-badge = Нет оператора с бейджем { $badge }.
error-auth-badge-scanned = { $name }: PIN этого сотрудника передаёт ему пост
error-auth-idle = Выход из системы после { $minutes } мин без сканирования.
error-auth-wrong-pin = Неверный PIN-код. { $remaining ->
    [one] Осталась { $remaining } попытка.
    [few] Осталось { $remaining } попытки.
    [many] Осталось { $remaining } попыток.
   *[other] Осталось { $remaining } попытки.
}
error-auth-locked = Этот бейдж заблокирован до { $until } из-за слишком большого числа неверных PIN-кодов.
error-auth-not-logged-in = Пожалуйста, войдите снова.
error-auth-forbidden = Требуется роль: { $role }.
error-config-invalid = Конфигурация станции некорректна: { $reason }
error-not-found = Не найдено: { $what } { $id }.
error-import-refused = Невозможно импортировать файл: { $reason }
error-import-encoding-unsure = Невозможно надёжно определить кодировку файла: строка { $line } в { $guess } читается как «{ $sample }». Сохраните файл как «CSV UTF-8» и импортируйте снова.
error-code-unknown = Неизвестный код: он не соответствует ни одному формату, известному станции.
error-code-check-digit = Неверная контрольная цифра: код неправильно считан или напечатан.
error-code-unknown-command = Этот командный штрихкод неизвестен станции.
error-gs1-truncated = Этот штрихкод GS1 заканчивается слишком рано: одно из полей обрезано.
error-gs1-unknown-ai = Этот штрихкод GS1 содержит несуществующий идентификатор применения (AI).
error-gs1-too-long = Одно из полей этого штрихкода GS1 длиннее, чем допускает GS1.
error-gs1-bad-char = Одно из полей этого штрихкода GS1 содержит символ, который GS1 в этом месте не допускает.
error-gs1-check-digit = Неверная контрольная цифра внутри этого штрихкода GS1: код неправильно считан или напечатан.
error-gs1-bad-date = Этот штрихкод GS1 содержит несуществующую дату.
error-gs1-bad-value = Значение в этом штрихкоде GS1 нарушает правила GS1 для своего поля.
error-gs1-duplicate-ai = Этот штрихкод GS1 содержит одно и то же поле дважды с разными значениями.
error-gs1-ambiguous-split = В этом штрихкоде GS1 не хватает разделителя, и его можно прочитать по-разному. Отсканируйте его ещё раз или введите вручную.
error-gs1-syntax = Этот штрихкод GS1 имеет неверную структуру.
error-dl-bad-percent = В этой ссылке GS1 Digital Link неверно закодирован символ (%-кодирование).
error-dl-bad-path = Путь в этой ссылке GS1 Digital Link не является допустимым ключом GS1 с квалификаторами.
error-dl-bad-query = Параметры запроса в этой ссылке GS1 Digital Link содержат недопустимый атрибут GS1.
error-tracking-check-digit = Неверная контрольная цифра трек-номера: номер неправильно считан или напечатан.
error-tracking-bad-country = Этот почтовый трек-номер заканчивается несуществующим кодом страны.
error-tracking-ambiguous = Этот номер подходит под формат нескольких служб доставки; выберите службу доставки.
error-ipc = Станция не ответила: { $reason }


## Inspection
inspect-title = Осмотр
inspect-unknown-item = Неизвестный товар
inspect-set = Набор оценки: { $set } v{ $version }
inspect-question = Вопрос { $number } из { $count }
inspect-fail-grade = «Да» — оценка { $grade }
inspect-grade = Оценка
inspect-no-grade = Ещё не оценено
inspect-settled-question = Определена первой найденной проблемой
inspect-settled-all = Все проверки пройдены
inspect-settled-chosen = Оценка выбрана контролёром
inspect-axes = Состояние
inspect-defects = Дефекты
inspect-reason-found = Установленная причина
inspect-reason-stated = Причина клиента: { $reason }
inspect-photos = { $count ->
    [one] { $count } фото
    [few] { $count } фото
   *[other] { $count } фото
}
inspect-hold = Отложено для начальника смены
inspect-external = Площадки
inspect-scale-amazon = Amazon
inspect-scale-ebay = eBay
inspect-scale-ctia_functional = CTIA функции
inspect-scale-ctia_cosmetic = CTIA внешний вид
inspect-not-listable = нельзя выставить
inspect-key-ok = F1 Нет
inspect-key-fail = F2 Да
inspect-key-pass = F3 Всё в порядке
inspect-key-photo = F5 Фото
inspect-key-hold = F6 Отложить
inspect-key-undo = F8 Отменить
inspect-key-next = F9 Сохранить
inspect-hint-graded = Отсканируйте следующий товар или нажмите F9, чтобы сохранить.
inspect-action-started = Осмотр { $lpn }
inspect-action-resumed = Снова { $lpn }
inspect-action-undone = Последний ответ отменён
inspect-action-photo = Сделайте или выберите фото
inspect-day = Сегодня: { $count } шт. · { $rate } в час
inspect-none = Отсканируйте товар, чтобы принять и осмотреть его, или LPN единицы.
## Decision
decision-title = Решение
decision-channel-restock = На склад
decision-channel-refurbish = На восстановление
decision-channel-liquidate = Распродажа
decision-channel-rtv = Возврат поставщику
decision-channel-donate = Пожертвование
decision-channel-recycle = Переработка
decision-channel-destroy = Уничтожение
decision-channel-hold = Отложено на проверку
decision-destination = Положите в { $destination }
decision-recovery = Ожидаемый возврат: { $amount }
decision-refund-full = Возврат денег: полностью, { $amount }
decision-refund-partial = Возврат денег: { $amount } (сбор за возврат { $fee } %)
decision-refund-none = Без возврата денег
decision-refund-review = Возврат денег: решает руководитель
decision-by-rule = Правило { $rule }
decision-by-person = Решение человека: { $note }
decision-inspector-hold = Отложено контролёром
decision-why = Почему?
decision-why-close = Закрыть
decision-label-alt = Этикетка { $lpn }
decision-reprint = Напечатать этикетку ещё раз
decision-reprinted = Этикетка снова в очереди печати.
decision-trace-row = Сработала строка { $row }
decision-trace-missed = Строка { $row } не подошла: { $field } = { $value }
decision-trace-channels = Ожидаемый возврат по каналам
decision-trace-closed = не разрешено
decision-flags = Признаки мошенничества
flag-empty_box = Пустая коробка
flag-swapped_item = Подмена товара (другой GTIN)
flag-serial_mismatch = Серийный номер не совпадает
flag-used_beyond_window = Использован после срока возврата
flag-repeat_returner = Частые возвраты
decision-held-unknown_item = Для этого товара нет известного SKU
decision-held-no_expected_return = Этот товар нет ни в одном ожидаемом возврате

## Decisions in sentences (built from the trace by redock-domain disposition::explain)
decision-details = Подробности
decision-details-close = Скрыть подробности
explain-skipped = { $rule }? Нет: { $fact }.
explain-skipped-needs = { $rule }? Нет: { $fact }; { $needs }.
explain-decided = { $rule }? Да: { $facts }.
explain-decided-always = { $rule }: последнее правило, для всех единиц, которые не взяли правила выше.
explain-best-chosen = Наибольший возврат: { $channel }, { $amount }.
explain-best-other = { $channel }: возврат составил бы { $amount }.
explain-best-blocked = { $channel } — пропущено: { $note }.
explain-best-unvalued = Оценить возврат не удалось, поэтому выбран первый канал, который разрешает правило: { $channel }.
explain-rules-would = Без удержания правила выбрали бы: { $channel }.
explain-override-was = До изменения: { $channel }.
explain-fact-grade = оценка состояния — { $grade }
explain-fact-axis = { $axis }: { $value }
explain-fact-axis-missing = при проверке не записано значение { $axis }
explain-fact-category = категория товара — { $category }
explain-fact-currency = цена указана в { $currency }
explain-fact-cost = себестоимость единицы — { $amount }
explain-fact-price = цена — { $amount }
explain-fact-days = { $days ->
    [0] куплено сегодня
    [one] куплено { $days } день назад
    [few] куплено { $days } дня назад
   *[other] куплено { $days } дней назад
}
explain-fact-window-within = возвращено в срок возврата магазина ({ $days ->
        [one] { $days } день
        [few] { $days } дня
       *[other] { $days } дней
    } после покупки)
explain-fact-window-late = возвращено после срока возврата магазина ({ $days ->
        [one] { $days } день
        [few] { $days } дня
       *[other] { $days } дней
    } после покупки)
explain-fact-tier = уровень клиента: { $tier }
explain-fact-vendor-eligible = поставщик принимает единицы обратно, но не требует этого
explain-fact-vendor-forced = поставщик требует вернуть неисправные единицы
explain-fact-vendor-prohibited = поставщик ничего не принимает обратно
explain-fact-vendor-none = этот товар не покрыт ни одним договором с поставщиком
explain-fact-vendor-window-open = { $left ->
    [0] срок поставщика истекает сегодня
    [one] срок поставщика открыт ещё { $left } день
    [few] срок поставщика открыт ещё { $left } дня
   *[other] срок поставщика открыт ещё { $left } дней
}
explain-fact-vendor-window-closed = { $ago ->
    [one] срок поставщика истёк { $ago } день назад
    [few] срок поставщика истёк { $ago } дня назад
   *[other] срок поставщика истёк { $ago } дней назад
}
explain-fact-vendor-window-days = срок поставщика — { $days ->
        [one] { $days } день
        [few] { $days } дня
       *[other] { $days } дней
    }
explain-fact-vendor-credit = поставщик возмещает { $credit } нашей себестоимости
explain-fact-flags = у единицы есть признаки мошенничества ({ $flags })
explain-fact-flags-none = у единицы нет признаков мошенничества
explain-needs = { $op ->
    [not] правило исключает: { $expected }
    [lt] правило требует: меньше { $limit }
    [le] правило требует: не больше { $limit }
    [gt] правило требует: больше { $limit }
    [ge] правило требует: не меньше { $limit }
    [between] правило требует: от { $low } до { $high }
   *[is] правило требует: { $expected }
}
explain-needs-days = { $op ->
    [not] правило исключает: { $expected } дн.
    [eq] правило требует: ровно { $limit ->
        [one] { $limit } день
        [few] { $limit } дня
       *[other] { $limit } дней
    }
    [lt] правило требует: меньше { $limit ->
        [one] { $limit } дня
       *[other] { $limit } дней
    }
    [le] правило требует: не больше { $limit ->
        [one] { $limit } дня
       *[other] { $limit } дней
    }
    [gt] правило требует: больше { $limit ->
        [one] { $limit } дня
       *[other] { $limit } дней
    }
    [ge] правило требует: не меньше { $limit ->
        [one] { $limit } дня
       *[other] { $limit } дней
    }
    [between] правило требует: от { $low } до { $high } дн.
   *[is] правило требует: { $expected } дн.
}
explain-needs-flags = правило для случаев: { $flags }
recovery-note-no-vendor-agreement = этот товар не покрыт ни одним договором с поставщиком
recovery-note-agreement-prohibits-rtv = договор с поставщиком не допускает возврата
recovery-note-vendor-window-closed = { $ago ->
    [one] срок поставщика истёк { $ago } день назад
    [few] срок поставщика истёк { $ago } дня назад
   *[other] срок поставщика истёк { $ago } дней назад
}
recovery-note-currency-mismatch = Ставки таблицы правил указаны в { $table }, а цена единицы — в { $unit }: оценить возврат не удалось.
recovery-note-input-rates = Оценено по собственным ставкам этой единицы.
recovery-note-category-rates = Оценено по ставкам для категории { $category }.
recovery-note-default-rates = Оценено по общим ставкам таблицы: для категории { $category } ставок нет.
# Rule reason codes (reason-<code>, dots and underscores as hyphens): what a rule is for, read as a question
reason-fraud-suspected = Удержание при подозрении на мошенничество
reason-abuse-review = Удержание для проверки на злоупотребление
reason-vendor-forced-rtv = Возврат поставщику, как требует договор
reason-value-review = Проверка дорогой единицы в плохом состоянии
reason-hygiene-destroy = Уничтожение одежды, не прошедшей гигиеническую проверку
reason-resell-as-new = На склад как новое
reason-resell-loyal-lenient = На склад для постоянного клиента
reason-resell-like-new = На склад как почти новое
reason-late-recheck = Повторная проверка позднего возврата перед продажей
reason-value-best-electronics = Электроника — в канал с наибольшим возвратом
reason-refurbish-electronics = Восстановление электроники
reason-liquidate-electronics-parts = Продажа электроники на запчасти
reason-recycle-ewaste = Переработка как электронные отходы
reason-refurbish-apparel-clean = Чистка и новая бирка для одежды
reason-donate-apparel = Пожертвование одежды
reason-recycle-textile = Переработка как текстиль
reason-value-best-home = Товары для дома — в канал с наибольшим возвратом
reason-liquidate-home = Продажа товаров для дома партиями
reason-destroy-unsafe = Уничтожение как опасное
reason-value-best-default = Всё остальное — в канал с наибольшим возвратом
# Reasons the station gives when the rules did not decide
reason-engine-no-row-matched = Ни одно правило не подходит к этой единице: она ждёт решения человека.
reason-unknown-item = Для этого товара нет известного SKU: он ждёт решения человека.
reason-no-expected-return = Этого товара нет ни в одном ожидаемом возврате: он ждёт решения человека.
reason-input-not-valid = Данные единицы не подходят к правилам (см. подробности): она ждёт решения человека.
reason-order-date-unreadable = Дату заказа не удаётся прочитать, поэтому срок возврата не проверить: единица ждёт решения человека.
reason-inspector-hold = Контролёр отложил единицу для начальника смены.
reason-override = Начальник смены решил вместо правил.

## Holds (supervisors)
holds-title = Отложенные
holds-open = Отложенные ({ $count })
holds-empty = Отложенных единиц нет.
holds-age = ждёт { $minutes } мин
override-channel = Отправить в
override-refund = Возврат денег
override-refund-keep = Как решено
override-refund-full = Полностью
override-refund-partial = За вычетом сбора
override-refund-none = Нет
override-refund-fee = Сбор за возврат (%)
override-note = Причина (обязательно)
override-save = Сохранить решение
override-saved = Решение для { $lpn } сохранено.
## Photos
photo-title = Фото
photo-camera = Сделать фото
photo-file = Выбрать файл
photo-no-camera = В этом окне нет камеры: выберите файл или положите фото в папку фото станции.
photo-added = Фото добавлено.
photo-cancel = Отмена
## Errors of inspection, disposition and photos
error-inspection-already-settled = Оценка уже определена. Отсканируйте UNDO, чтобы изменить ответ.
error-inspection-unknown-grade = Такой оценки нет в шкале этого товара.
error-inspection-contradicts = Эта оценка противоречит уже данному ответу. Сначала отсканируйте UNDO.
error-inspection-unknown-defect = Этого дефекта нет в списке для этого товара.
error-inspection-defect-twice = Этот дефект уже записан.
error-inspection-unknown-reason = Этой причины нет в списке для этого товара.
error-inspection-photo-twice = Это фото уже прикреплено.
error-inspection-nothing-to-undo = Нет ответа для отмены.
error-inspection-no-unit = Ни одна единица не осматривается. Сначала отсканируйте товар или LPN.
error-inspection-not-graded = У единицы ещё нет оценки. Ответьте на вопрос или отсканируйте оценку.
error-inspection-set-changed = Набор оценки этого осмотра больше не загружен. Позовите начальника смены.
error-disposition-reason-required = Укажите причину этого решения.
error-disposition-refund-invalid = Сбор за возврат — от 0,01 % до 99,99 % цены.
error-disposition-not-decided = У этой единицы ещё нет решения.
error-photo-too-large = Файл фото слишком большой.
error-photo-too-many-pixels = В фото слишком много пикселей.
error-photo-unsupported-format = Этот файл не является фото JPEG, PNG или WebP.
error-photo-unreadable = Фото не читается: файл повреждён или это не изображение.
error-photo-io = Не удалось сохранить фото.
error-photo-disk-full = Диск заполнен: фото не сохранено. Позовите начальника смены.

# Labels (этикетка единицы; каналы печатаются крупно: коротко)
label-grade = Категория
label-destination = Назначение
label-station = Станция
label-date = Дата
label-channel-restock = На склад
label-channel-refurbish = Восстановление
label-channel-liquidate = Распродажа
label-channel-rtv = Возврат поставщику
label-channel-donate = Пожертвование
label-channel-recycle = Переработка
label-channel-destroy = Уничтожение
# Printed on the LPN label of a unit received and not yet graded.
label-channel-waiting = На осмотр
label-channel-hold = На проверке


## Printing
print-waiting = { $count ->
    [one] { $count } этикетка ждёт принтер
    [few] { $count } этикетки ждут принтер
   *[other] { $count } этикеток ждут принтер
}
print-failed = { $count ->
    [one] Не удалось напечатать { $count } этикетку: позовите начальника смены
    [few] Не удалось напечатать { $count } этикетки: позовите начальника смены
   *[other] Не удалось напечатать { $count } этикеток: позовите начальника смены
}
print-reprint = Перепечатать этикетку
print-queued = Этикетка для { $lpn } в очереди
error-print-offline = Принтер не отвечает. Этикетки ждут и напечатаются, когда он вернётся; продолжайте работу.
error-print-timeout = Принтер перестал принимать этикетку. Будет новая попытка.
error-print-disk-full = Диск папки этикеток заполнен. Позовите начальника смены.
error-print-io = Не удалось отправить этикетку на принтер. Будет новая попытка.
error-print-refused = Принтер отклонил этикетку. Позовите начальника смены.
error-print-no-such-queue = Очередь печати этой станции не существует. Позовите начальника смены.
error-print-no-such-job = Принтер больше не знает это задание.
error-print-stopped = Принтер остановлен (выключен, закончились этикетки или пауза в CUPS). Этикетки ждут и напечатаются, когда его снова запустят; продолжайте работу.
error-print-job-ended = Сервер печати завершил задание, не напечатав этикетку. Позовите начальника смены, чтобы напечатать её снова.
error-print-denied = Станции запрещено писать в папку этикеток. Позовите начальника смены.
error-print-bad-config = Настройки принтера неработоспособны. Позовите начальника смены.
error-print-bad-job = Задание печати некорректно.
error-label-render = Этикетку нельзя нарисовать: { $reason }
print-unsure = Этикетка для { $lpn } могла напечататься: станция остановилась, пока отправляла её. Проверьте принтер.
print-unsure-confirm = Напечатана — подтвердить
print-unsure-reprint = Её нет — напечатать снова
print-failed-dismiss = Убрать
error-print-settled = С этой этикеткой уже всё решено: напечатана, напечатана снова или убрана.
error-print-sending = Станция прямо сейчас отправляет или записывает эту этикетку. Попробуйте через минуту.
sheet-title = Лист станции: отсканируйте команду

## Настройки принтера (начальники смены и администраторы)
printer-title = Настройки принтера
printer-loading = Загрузка настроек принтера…
printer-kind = Тип принтера
printer-kind-folder = Папка (файлы этикеток на этом компьютере)
printer-kind-cups = Очередь принтера CUPS
printer-kind-raw = Сетевой принтер (порт 9100)
printer-kind-serial = Принтер на последовательном порту
printer-dir = Папка для файлов этикеток
printer-cups-server = Сервер CUPS (хост:порт; пусто — этот компьютер)
printer-cups-queues = Найденные очереди
printer-cups-choose = Выберите очередь…
printer-cups-queue = Имя очереди
printer-cups-refresh = Обновить
printer-cups-loading = Поиск очередей CUPS…
printer-cups-none = У CUPS на { $server } нет очередей. Введите имя очереди.
printer-cups-unreachable = CUPS не отвечает на { $server }. Имя очереди можно ввести вручную.
printer-cups-stopped = остановлена
printer-cups-not-accepting = не принимает задания
printer-host = Адрес принтера (имя хоста или IP)
printer-port = TCP-порт
printer-timeout = Тайм-аут (мс)
printer-format = Формат этикетки
printer-format-pdf = PDF (любой принтер или файлы)
printer-format-zpl = ZPL (термопринтеры Zebra и совместимые)
printer-format-png = PNG (изображение)
printer-template = Размер этикетки
printer-template-4x6in = Транспортная этикетка 4 × 6 дюймов
printer-template-100x150mm = Транспортная этикетка 100 × 150 мм
printer-template-unit-2x1in = Этикетка единицы товара 2 × 1 дюйм
printer-dpi = Разрешение принтера (dpi)
printer-dpi-pdf = Этикетка PDF подходит любому принтеру; разрешение важно только для ZPL и PNG.
printer-test = Пробная печать
printer-testing = Отправка пробной этикетки…
printer-test-file = Пробная этикетка записана в { $path }
printer-test-cups = Пробная этикетка отправлена в очередь CUPS { $queue } как задание { $job }.
printer-test-sent = Пробная этикетка отправлена на { $device } ({ $bytes } байт).
printer-test-failed = Пробная этикетка не напечатана: { $reason }
printer-port-invalid = Порт должен быть целым числом от 1 до 65535.
printer-timeout-invalid = Тайм-аут должен быть целым числом миллисекунд, не меньше 1.
printer-baud-invalid = Скорость должна быть целым числом бод, не меньше 1.
retention-title = Хранение этикеток
retention-days = Хранить файлы этикеток и завершённые задания печати (дней)
retention-hint = Раз в день файлы этикеток в папке этикеток и напечатанные или убранные задания печати старше этого срока удаляются.
retention-days-invalid = Число дней должно быть целым, от 1 до 3650.
label-test-title = Пробная этикетка (не товар)

# The event log, personal data, compaction
error-event-unknown-kind = В журнале станции есть событие вида, неизвестного этой версии ({ $reason }). Ничего не изменено; обновите Redock на этой станции.
error-event-newer-version = В журнале станции есть событие, записанное более новым Redock ({ $reason }). Ничего не изменено; обновите Redock на этой станции.
error-event-no-such-version = У события в журнале версия, которой никогда не было ({ $reason }). Ничего не изменено; обратитесь в поддержку.
error-event-malformed = Событие в журнале не читается ({ $reason }). Ничего не изменено; обратитесь в поддержку.
error-event-encode = Изменение не удалось записать в журнал ({ $reason }). Ничего не записано.
error-customer-unknown = Такой клиент на этой станции неизвестен. Ничего не удалено.
error-customer-already-erased = Данные этого клиента уже удалены.
error-log-not-acknowledged = Удалять можно только события, подтверждённые хабом: { $reason }
error-log-keep-everything = Эта станция хранит все события (срок хранения не задан). Ничего не удалено.
error-import-use-hub = Эта станция подключена к хабу: импортируйте файл в хабе, он разошлёт возвраты всем станциям площадки.
error-data-unknown-tier = В данных станции есть уровень клиента, неизвестный этой версии ({ $value }). Обновите Redock на этой станции или позовите начальника смены.
error-data-unknown-rtv-terms = В данных станции есть условия возврата поставщику, неизвестные этой версии ({ $value }). Обновите Redock на этой станции или позовите начальника смены.
error-data-unknown-channel = В данных станции есть канал распоряжения, неизвестный этой версии ({ $value }). Обновите Redock на этой станции или позовите начальника смены.
error-data-unknown-decided-by = В данных станции есть решение, принятое кем-то, неизвестным этой версии ({ $value }). Обновите Redock на этой станции или позовите начальника смены.
error-data-unknown-unit-status = В данных станции есть статус единицы, неизвестный этой версии ({ $value }). Обновите Redock на этой станции или позовите начальника смены.
error-data-unknown-exception-kind = В данных станции есть исключение приёмки, неизвестное этой версии ({ $value }). Обновите Redock на этой станции или позовите начальника смены.
customer-erased = данные клиента удалены

# Sync with the hub
error-sync-not-enrolled = Эта станция не зарегистрирована в хабе.
error-sync-stopped = Синхронизация остановлена: { $reason }
error-sync-other-site = Этот код регистрации для другой площадки. { $reason }
error-sync-hub-unreachable = Хаб недоступен; события ждут здесь, ничего не теряется. { $reason }
error-sync-refused = Хаб отказал: { $reason }
error-sync-hub-behind = Хаб потерял события, которых на этой станции уже нет: { $reason }
error-sync-seq-conflict = Синхронизация остановлена: в хабе другие события под теми же номерами (база была восстановлена или скопирована). Обратитесь в поддержку. { $reason }
error-sync-stream-continued = Эта база была восстановлена из резервной копии или скопирована: она продолжает работу в новом потоке, и ничего записанного здесь не теряется; утраченная работа вернётся из хаба. { $reason }
error-sync-stream-closed = Синхронизация остановлена: другая копия базы этой станции работает как эта станция. Используйте её; обратитесь в поддержку. { $reason }
error-sync-lpn-reused = Эти LPN выданы дважды после восстановления; перемаркируйте одну из двух единиц: { $reason }
error-sync-revoked = Хаб отозвал доступ этой станции; администратор должен зарегистрировать её заново.
error-custody-elsewhere = Эта единица передана другой станции. Проверьте её там или отсканируйте здесь ещё раз, чтобы забрать её обратно.
error-custody-hub-unreachable = Эта единица числится за другой станцией, и хаб сейчас не может её передать. Отложите её и отсканируйте снова, когда сеть вернётся. { $reason }
error-custody-unknown-unit = Ни одна станция этого склада не принимала эту единицу. Проверьте этикетку или примите единицу заново.
error-sync-unauthorized = Хаб не знает токен этой станции; администратор должен зарегистрировать её заново.
sync-stopped = Синхронизация остановлена: { $reason }
sync-unreachable = Хаб недоступен с { $since }; ничего не теряется
sync-last = Последняя синхронизация { $at }
sync-notice-dismiss = Прочитано

## A parcel without a label (CMD:NOLABEL)
parcel-key-nolabel = F4 Без этикетки
parcel-no-label = Посылка без этикетки
parcel-no-label-hint = Найдите её возврат: отсканируйте товар (проверим серийный номер), номер заказа или RMA из накладной или нажмите F7 для поиска по имени клиента.
exception-label_missing = Нет этикетки: возврат найден по содержимому
prompt-no-parcel-open = Нет открытой посылки. Отсканируйте этикетку посылки (или БЕЗ ЭТИКЕТКИ, F4, если её нет): { $code } попадёт в неё.
prompt-choose-return = Серийный номер { $serial } продан в { $count } открытых возвратах. Отсканируйте RMA или номер заказа из накладной или нажмите Alt и его номер.
prompt-serial-not-found = Ни в одном открытом возврате нет серийного номера { $serial }: принято как неожиданный возврат.
find-returns-title = Найти возврат по имени клиента (F7)
find-returns-placeholder = Имя клиента
find-returns-none = Нет открытого возврата для «{ $name }».
find-returns-close = Назад к сканированию (Esc)
error-receiving-name-too-short = Введите не менее 3 букв имени клиента.

# A unit's history (the supervisors' trail)
trail-title = История единицы
trail-lpn = Отсканируйте или введите LPN
trail-show = Показать
trail-here = этот пост
trail-elsewhere = другой пост
trail-empty = Для этой единицы ничего не записано.
trail-open = История
trail-kind-rma-added = Возврат ожидается
trail-kind-rma-amended = Возврат изменён
trail-kind-rma-attached = Возврат найден для посылки
trail-kind-parcel-opened = Посылка открыта
trail-kind-parcel-damaged = Посылка повреждена
trail-kind-parcel-closed = Посылка закрыта
trail-kind-exception-recorded = Находка
trail-kind-unit-received = Единица принята
trail-kind-unit-parked = Ждёт проверки
trail-kind-inspection-started = Проверка начата
trail-kind-inspection-step = Ответ в проверке
trail-kind-inspection-undone = Ответ отменён
trail-kind-inspected = Проверено
trail-kind-decided = Решено
trail-kind-print-queued = Этикетка в очереди
trail-kind-print-sending = Этикетка отправляется
trail-kind-print-attempted = Этикетка отправлена на принтер
trail-kind-print-followed = Принтер проверен
trail-kind-print-confirmed = Печать подтверждена
trail-kind-print-replaced = Этикетка заменена
trail-kind-print-dismissed = Этикетка снята
trail-kind-unit-taken-over = Принята с другого поста
trail-kind-custody-changed = Ответственность передана
trail-kind-register-settled = Решено в хабе

# Trying a rule table (administrators)
dry-run-title = Проверить таблицу правил
dry-run-about = Последние 1000 решений правил на этом посту, принятые заново по таблице: что изменилось бы. Ничего не сохраняется; таблицы загружаются в хаб.
dry-run-file = Файл таблицы правил (JSON)
dry-run-json = или вставьте его сюда
dry-run-go = Проверить
dry-run-summary = { $table }: проверено решений — { $compared }, изменилось бы — { $changed }; ожидаемый возврат в сумме { $delta }.
dry-run-from = Сейчас
dry-run-to = Было бы
dry-run-recovery = Ожидаемый возврат
dry-run-more = … и ещё { $count }
open-dry-run = Правила
error-rules-invalid = Эту таблицу правил нельзя использовать: { $reason }
error-rules-dry-run-empty = Правила ещё ничего не решили на этом посту: таблицу не на чем проверить.

## The supervisors' queue (#16)
queue-title = Очередь
queue-open = Очередь
queue-empty = В очереди ничего не подходит.
queue-kind-hold = Задержано
queue-kind-waiting = Ждёт проверки
queue-kind-conflict = Конфликт между станциями
queue-state-ok = В срок
queue-state-warn = Срок скоро
queue-state-breached = Срок прошёл
queue-state-paused = Часы остановлены
queue-filter-kind = Вид
queue-filter-state = Состояние
queue-filter-age = Не менее (часов)
queue-filter-channel = Канал
queue-filter-inspector = Проверил(а)
queue-filter-flag = Признак
queue-filter-assigned = Назначено
queue-any = Любое
queue-matching = Показано { $shown } из { $matching }
queue-hm = { $hours } ч { $minutes } мин
queue-left = осталось { $time }
queue-past = срок прошёл { $time } назад
queue-paused-for = Часы остановлены: { $reason }
queue-pause-vendor-rga = ждём RGA от поставщика
queue-pause-customer = ждём клиента
queue-pause-carrier-claim = открыта претензия к перевозчику
queue-pause-other = другое
queue-extended = Срок продлён на { $hours } ч
queue-assigned = Назначено: { $name }
queue-inspected-by = Проверил(а): { $name }
queue-select-all = Выбрать все показанные
queue-action = Действие
queue-action-release = Отпустить в канал
queue-action-assign = Назначить
queue-action-extend = Продлить срок
queue-action-pause = Остановить часы
queue-action-resume = Снова запустить часы
queue-hours = Часы
queue-unassigned = Никому
queue-pause-reason = Почему
queue-reason = Причина
queue-apply = Применить к выбранным: { $count }
queue-done = { $count ->
    [one] Готово для { $count } позиции.
    [few] Готово для { $count } позиций.
   *[other] Готово для { $count } позиций.
}
queue-refresh = Обновить
sla-alert = { $count ->
    [one] { $count } позиция просрочена
    [few] { $count } позиции просрочены
   *[other] { $count } позиций просрочено
}
error-queue-reason-required = Напишите причину этого действия.
error-queue-nothing-chosen = Выберите хотя бы одну позицию очереди.
error-queue-too-many = Слишком много позиций сразу. Выберите не более 500.
error-queue-extend-invalid = Продление — от 1 до 720 часов.
error-queue-release-to-hold = Выберите канал, куда идут единицы.
error-queue-stale = Очередь тем временем изменилась: { $reason }
error-queue-not-decided = Единицу, ждущую проверки, проверяют, а не отпускают.
error-queue-already-paused = Часы одной из позиций уже остановлены.
error-queue-not-paused = Часы одной из позиций идут.
error-queue-unknown-operator = Этот оператор не активен на этой станции.
trail-kind-queue-changed = Позиция очереди изменена
trail-kind-sla-breached = Срок SLA прошёл

## KPIs (#16)
kpi-open = Показатели
kpi-title = Показатели
kpi-from = С
kpi-to = По
kpi-show = Показать
kpi-export = Экспорт CSV
kpi-exported = Сохранено как { $path }
kpi-summary = { $units } ед. за { $hours } рабочих часов: { $rate } в час
kpi-chart = Единиц проверено за день
kpi-units = Единицы
kpi-hours = Часы
kpi-rate = В час
kpi-handle = Среднее время обработки
kpi-inspectors = Контролёры
kpi-handle-title = Время обработки по набору оценок
kpi-mix = Распределение решений и ожидаемое возмещение
kpi-by-rule = По правилам
kpi-by-person = Человеком
kpi-recovery = Ожидаемое возмещение
kpi-reasons-sku = Главные причины возврата по SKU
kpi-reasons-vendor = Главные причины возврата по поставщику
kpi-stated = Заявлено
kpi-found = Обнаружено
kpi-fraud = Признаки мошенничества
kpi-breaches = Нарушения SLA
error-kpi-range-invalid = Этот период нельзя показать: { $reason }
dry-run-jdm-export = Экспортировать действующую таблицу для GoRules (JDM)
dry-run-jdm-exported = Сохранено как { $path }: откройте в редакторе GoRules.
dry-run-jdm-save = Сохранить таблицу из GoRules для хаба
dry-run-jdm-saved = Сохранено как { $path }: загрузите её в хаб (redock hub admin rules).
dry-run-jdm-read = Документ GoRules JDM: прочитан поверх действующей таблицы как её следующая версия.
error-rules-jdm-invalid = Это не документ GoRules JDM: { $reason }
error-rules-jdm-unsupported = Таблицы Redock этого не поддерживают: { $reason }
error-export-failed = Не удалось сохранить файл: { $reason }

## Operators (#16)
operators-open = Операторы
operators-title = Операторы
operators-name = Имя
operators-badge = Пропуск
operators-role = Роль
operators-language = Язык
operators-active = Активен
operators-pin = Новый PIN
operators-pin-save = Задать PIN
operators-locked = заблокирован после неверных PIN
operators-add = Добавить оператора
operators-added = { $name }: добавлен.
operators-changed = { $name }: изменён.
operators-pin-reset = У { $name } новый PIN.
error-operators-role-required = Выберите роль оператора: контролёр, руководитель или администратор.
error-operators-language-unknown = Выберите один из языков станции.
error-operators-pin-invalid = PIN — от 4 до 8 цифр.
error-operators-badge-invalid = Пропуск — от 1 до 64 символов без пробелов.
error-operators-badge-taken = Этот пропуск принадлежит другому оператору.
error-operators-name-required = Напишите имя оператора.
error-operators-at-hub = Эта станция подключена к хабу: операторов задают там для всей площадки.
error-operators-last-admin = Последний активный администратор станции остаётся администратором.
error-operators-not-yourself = Нельзя отключить самого себя.

## Asking a supervisor (#16)
ask-open = Спросить руководителя
ask-title = Спросить руководителя о { $lpn }
ask-current = Правила решили: { $channel }.
ask-why = Почему руководителю стоит посмотреть?
ask-channel = Канал, который выбрали бы вы
ask-send = Отправить в очередь руководителей
ask-sent = Отправлено: ждёт в очереди руководителей.
queue-kind-request = Просьба посмотреть
queue-action-dismiss = Отклонить просьбу (решение остаётся)
error-queue-already-requested = Руководителя уже спросили об этой единице.
error-queue-not-a-request = Отклонить можно только просьбу посмотреть.
