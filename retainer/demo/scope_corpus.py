"""What the demo's clients ask for beyond the everyday conversation (BRIEF C2): each request
as the client writes it and as the manager records it, in Russian, Ukrainian and English.

A request names its kind and estimate once; `target` says which deliverable it concerns:
"A" and "B" are the client's first and second open deliverables, "P" one already delivered,
None no deliverable at all. "{deliverable}" is filled with that deliverable's title. Every
message is one the triage flags as a request (a test keeps it so).
"""

from __future__ import annotations

from dataclasses import dataclass

from retainer.rules import scope as rules


@dataclass(frozen=True)
class RequestText:
    kind: str
    estimate_min: int
    target: str | None
    texts: dict[str, tuple[str, str]]  # language -> (the client's message, the request's title)
    fits: tuple[str, ...] = ()  # words of the deliverables it is most plausibly about


PAGES = ("лендинг", "сайт", "страниц", "сторінк", "магазин", "квиз", "квіз", "landing",
         "website", "page", "store", "quiz")
VISUALS = ("баннер", "банер", "ролик", "пост", "допис", "сторис", "сторіз", "banner", "video",
           "post", "stories", "instagram", "telegram")
DESIGNS = PAGES + VISUALS + ("макет", "дизайн", "логотип", "стиль", "design", "logo", "style",
                             "mockup", "deck", "презентац")


REQUESTS: dict[str, RequestText] = {
    "revision_1": RequestText(rules.REVISION, 60, "A", {
        "ru": ("По «{deliverable}» есть правки: замените фото на первом экране и сделайте "
               "заголовок крупнее, пожалуйста.", "Правки по «{deliverable}»: фото и заголовок"),
        "uk": ("До «{deliverable}» є правки: замініть, будь ласка, фото на першому екрані й "
               "зробіть заголовок більшим.", "Правки до «{deliverable}»: фото й заголовок"),
        "en": ("We have some edits for “{deliverable}”: please swap the hero photo and make "
               "the headline bigger.", "Edits to “{deliverable}”: photo and headline"),
    }, DESIGNS),
    "revision_2": RequestText(rules.REVISION, 60, "A", {
        "ru": ("Ещё правки по «{deliverable}»: подвиньте логотип левее и поменяйте местами "
               "блоки с ценами и отзывами, пожалуйста.",
               "Правки по «{deliverable}»: логотип и порядок блоков"),
        "uk": ("Ще правки до «{deliverable}»: посуньте, будь ласка, логотип лівіше й поміняйте "
               "місцями блоки з цінами та відгуками.",
               "Правки до «{deliverable}»: логотип і порядок блоків"),
        "en": ("Could you make a few more edits to “{deliverable}”? Please move the logo to the "
               "left and swap the pricing and testimonials blocks.",
               "Edits to “{deliverable}”: logo and block order"),
    }, DESIGNS),
    "revision_3": RequestText(rules.REVISION, 60, "A", {
        "ru": ("По «{deliverable}» последние правки: уберите подложку под текстом и сделайте "
               "кнопку контрастнее, пожалуйста.", "Правки по «{deliverable}»: подложка и кнопка"),
        "uk": ("До «{deliverable}» останні правки: приберіть, будь ласка, підкладку під текстом "
               "і зробіть кнопку контрастнішою.", "Правки до «{deliverable}»: підкладка й кнопка"),
        "en": ("Last edits for “{deliverable}”: please remove the box behind the text and make "
               "the button stand out more.", "Edits to “{deliverable}”: text box and button"),
    }, DESIGNS),
    "one_more_revision": RequestText(rules.REVISION, 45, "A", {
        "ru": ("Можно ещё один круг правок по «{deliverable}»? Директор посмотрел и хочет "
               "шрифт посмелее.", "Ещё один круг правок по «{deliverable}»: шрифт"),
        "uk": ("Можна ще одне коло правок до «{deliverable}»? Директор подивився й хоче "
               "сміливіший шрифт.", "Ще одне коло правок до «{deliverable}»: шрифт"),
        "en": ("Could we have one more revision of “{deliverable}”? Our CEO had a look and "
               "wants a bolder typeface.", "One more revision of “{deliverable}”: typeface"),
    }, DESIGNS),
    "big_revision": RequestText(rules.REVISION, 90, "P", {
        "ru": ("Нужен ещё один круг правок по «{deliverable}»: руководство хочет пересобрать "
               "композицию целиком.", "Ещё один круг правок по «{deliverable}»: новая композиция"),
        "uk": ("Потрібне ще одне коло правок до «{deliverable}»: керівництво хоче повністю "
               "переробити композицію.", "Ще одне коло правок до «{deliverable}»: нова композиція"),
        "en": ("We need one more revision of “{deliverable}”, please: the board wants to rework "
               "the whole composition.", "One more revision of “{deliverable}”: new composition"),
    }, DESIGNS),
    "pdf_export": RequestText(rules.NEW_WORK, 30, "A", {
        "ru": ("Пришлите, пожалуйста, макеты «{deliverable}» в PDF — покажу директору на "
               "планёрке.", "Макеты «{deliverable}» в PDF для директора"),
        "uk": ("Надішліть, будь ласка, макети «{deliverable}» у PDF — покажу директору на "
               "нараді.", "Макети «{deliverable}» у PDF для директора"),
        "en": ("Please send the “{deliverable}” mockups as a PDF — I'll show them to our "
               "director at the meeting.", "“{deliverable}” mockups as a PDF for the director"),
    }, DESIGNS),
    "banner_size": RequestText(rules.NEW_WORK, 30, None, {
        "ru": ("Добавьте, пожалуйста, баннер 300×250 — площадка просит ещё и этот размер.",
               "Добавить баннер 300×250"),
        "uk": ("Додайте, будь ласка, банер 300×250 — майданчик просить ще й цей розмір.",
               "Додати банер 300×250"),
        "en": ("Could you add a 300×250 banner, please? The ad network wants that size too.",
               "Add a 300×250 banner"),
    }),
    "landing_block": RequestText(rules.NEW_WORK, 240, None, {
        "ru": ("Добавьте, пожалуйста, на наш лендинг блок с отзывами клиентов — тексты и фото "
               "пришлём сегодня.", "Блок отзывов клиентов на лендинге"),
        "uk": ("Додайте, будь ласка, на наш лендинг блок із відгуками клієнтів — тексти й фото "
               "надішлемо сьогодні.", "Блок відгуків клієнтів на лендингу"),
        "en": ("Please add a customer testimonials block to our landing page — we'll send the "
               "quotes and photos today.", "Testimonials block on the landing page"),
    }),
    "copy_fix": RequestText(rules.CHANGE, 20, "B", {
        "ru": ("Поправьте, пожалуйста, текст в «{deliverable}»: не «гарантия 12 месяцев», "
               "а «24 месяца».", "Исправить срок гарантии в тексте"),
        "uk": ("Виправте, будь ласка, текст у «{deliverable}»: не «гарантія 12 місяців», "
               "а «24 місяці».", "Виправити строк гарантії в тексті"),
        "en": ("Please change “12-month warranty” to “24-month warranty” in “{deliverable}”.",
               "Fix the warranty period in the copy"),
    }, PAGES),
    "button_color": RequestText(rules.CHANGE, 20, "A", {
        "ru": ("Поменяйте, пожалуйста, цвет кнопки «Заказать» в «{deliverable}» на зелёный — "
               "хотим протестировать.", "Поменять цвет кнопки «Заказать» на зелёный"),
        "uk": ("Змініть, будь ласка, колір кнопки «Замовити» в «{deliverable}» на зелений — "
               "хочемо протестувати.", "Змінити колір кнопки «Замовити» на зелений"),
        "en": ("Could you change the colour of the “Order” button in “{deliverable}” to green, "
               "please? We want to test it.", "Change the “Order” button to green"),
    }, PAGES),
    "language_version": RequestText(rules.NEW_WORK, 960, None, {
        "ru": ("Нам нужна английская версия сайта к выставке в марте. Сможете сделать?",
               "Английская версия сайта к выставке"),
        "uk": ("Нам потрібна англійська версія сайту до виставки в березні. Зможете зробити?",
               "Англійська версія сайту до виставки"),
        "en": ("We need a Spanish version of the website for the trade show in March. Can you "
               "do it?", "Spanish version of the website for the trade show"),
    }),
    "social_cover": RequestText(rules.NEW_WORK, 40, None, {
        "ru": ("Сделайте, пожалуйста, ещё обложку для группы ВКонтакте в том же стиле.",
               "Обложка для группы ВКонтакте"),
        "uk": ("Зробіть, будь ласка, ще банер для сторінки у Facebook у тому ж стилі.",
               "Банер для сторінки у Facebook"),
        "en": ("Could you also make a LinkedIn cover in the same style, please?",
               "LinkedIn cover image"),
    }),
    "stories": RequestText(rules.CHANGE, 90, "B", {
        "ru": ("Адаптируйте, пожалуйста, «{deliverable}» под сторис — хотим крутить и там.",
               "Адаптация «{deliverable}» под сторис"),
        "uk": ("Адаптуйте, будь ласка, «{deliverable}» під сторіз — хочемо крутити й там.",
               "Адаптація «{deliverable}» під сторіз"),
        "en": ("Could you adapt “{deliverable}” for Stories, please? We'd like to run it there "
               "too.", "“{deliverable}” adapted for Stories"),
    }, VISUALS),
    "typo_fix": RequestText(rules.CHANGE, 15, "P", {
        "ru": ("В подвале «{deliverable}» опечатка в телефоне — не хватает цифры. Поправьте, "
               "пожалуйста.", "Опечатка в телефоне в подвале"),
        "uk": ("У підвалі «{deliverable}» помилка в телефоні — бракує цифри. Виправте, будь "
               "ласка.", "Помилка в телефоні в підвалі"),
        "en": ("There's a typo in the footer of “{deliverable}”: the phone number is missing a "
               "digit. Please fix it.", "Typo in the footer phone number"),
    }, PAGES),
    "extra_page": RequestText(rules.NEW_WORK, 300, None, {
        "ru": ("Нужна ещё одна страница — под новую акцию, старт в понедельник. Сделаете?",
               "Страница под новую акцию"),
        "uk": ("Потрібна ще одна сторінка — під нову акцію, старт у понеділок. Зробите?",
               "Сторінка під нову акцію"),
        "en": ("We need one more page for the new promotion, going live on Monday. Can you "
               "make it?", "Page for the new promotion"),
    }),
    "sale_banners": RequestText(rules.NEW_WORK, 90, None, {
        "ru": ("Сделайте, пожалуйста, баннеры к распродаже в трёх размерах — тексты пришлю до "
               "обеда.", "Баннеры к распродаже, 3 размера"),
        "uk": ("Зробіть, будь ласка, банери до розпродажу в трьох розмірах — тексти надішлю до "
               "обіду.", "Банери до розпродажу, 3 розміри"),
        "en": ("Please make banners for the sale in three sizes — I'll send the copy before "
               "lunch.", "Sale banners in 3 sizes"),
    }),
    "menu_item": RequestText(rules.CHANGE, 30, "A", {
        "ru": ("Добавьте, пожалуйста, в меню «{deliverable}» пункт «Вакансии», текст пришлю.",
               "Пункт «Вакансии» в меню"),
        "uk": ("Додайте, будь ласка, до меню «{deliverable}» пункт «Вакансії», текст надішлю.",
               "Пункт «Вакансії» в меню"),
        "en": ("Please add a “Careers” item to the menu of “{deliverable}”; I'll send the copy.",
               "“Careers” item in the menu"),
    }, PAGES),
    "form_field": RequestText(rules.CHANGE, 40, "A", {
        "ru": ("Добавьте, пожалуйста, в форму заявки поле «Город» — отделу продаж так удобнее "
               "распределять лиды.", "Поле «Город» в форме заявки"),
        "uk": ("Додайте, будь ласка, до форми заявки поле «Місто» — відділу продажів так "
               "зручніше розподіляти ліди.", "Поле «Місто» у формі заявки"),
        "en": ("Please add a “City” field to the enquiry form — it helps our sales team route "
               "the leads.", "“City” field in the enquiry form"),
    }, PAGES),
    "retargeting": RequestText(rules.NEW_WORK, 360, None, {
        "ru": ("Хотим запустить ретаргетинг на тех, кто бросил корзину. Сделаете? Сколько это "
               "будет стоить?", "Ретаргетинг на брошенные корзины"),
        "uk": ("Хочемо запустити ретаргетинг на тих, хто покинув кошик. Зробите? Скільки це "
               "коштуватиме?", "Ретаргетинг на покинуті кошики"),
        "en": ("We'd like to run retargeting for people who abandoned their cart. Can you set "
               "it up? How much would it cost?", "Retargeting for abandoned carts"),
    }),
    "short_video": RequestText(rules.NEW_WORK, 180, None, {
        "ru": ("Подготовьте, пожалуйста, короткую версию ролика на 6 секунд для YouTube.",
               "Версия ролика на 6 секунд для YouTube"),
        "uk": ("Підготуйте, будь ласка, коротку версію ролика на 6 секунд для YouTube.",
               "Версія ролика на 6 секунд для YouTube"),
        "en": ("Please prepare a 6-second cut of the video for YouTube.",
               "6-second cut of the video for YouTube"),
    }),
    "dark_version": RequestText(rules.CHANGE, 120, "A", {
        "ru": ("Давайте сделаем ещё тёмную версию «{deliverable}», пожалуйста, — на экране на "
               "презентации она будет смотреться лучше.", "Тёмная версия «{deliverable}»"),
        "uk": ("Зробімо ще темну версію «{deliverable}», будь ласка, — на екрані під час "
               "презентації вона виглядатиме краще.", "Темна версія «{deliverable}»"),
        "en": ("Could we have a dark version of “{deliverable}”, please? It will look better on "
               "the screen at the presentation.", "Dark version of “{deliverable}”"),
    }, ("презентац", "presentation", "deck", "pitch") + DESIGNS),
    "city_landing": RequestText(rules.NEW_WORK, 480, None, {
        "ru": ("Нужен ещё один лендинг — такой же, как для Москвы, но под Казань. Сделаете? "
               "Адрес и телефоны пришлю.", "Лендинг для Казани"),
        "uk": ("Потрібен ще один лендинг — такий самий, як для Києва, але під Львів. Зробите? "
               "Адресу й телефони надішлю.", "Лендинг для Львова"),
        "en": ("We need one more landing page, like the London one but for Manchester. Can you "
               "make it? I'll send the address and phone numbers.", "Landing page for Manchester"),
    }),
}

# A manager's reasons for an outcome other than the rules' (the agency works in Russian).
OVERRIDE_REASONS = {
    rules.BONUS: "Клиент на этой неделе продлил договор на год — делаем разово в подарок, "
                 "согласовано с Оленой.",
    rules.CHOICE: "Третья правка меню за месяц: бесплатно больше не делаем, предлагаем "
                  "клиенту выбор по договору.",
}

TASK_DONE_NOTE = ("Созвонились с клиентом и подписали допсоглашение: +10 часов в месяц на "
                  "мелкие доработки.")

# Our notice of a moved due date, sent the same day (an announced shift).
SHIFT_NOTICE = {
    "ru": ("Предупреждаем заранее: срок по «{deliverable}» сдвигается с {before} на {after} — "
           "ждём от вас фото продукции. Остальные сроки без изменений."),
    "uk": ("Попереджаємо заздалегідь: строк «{deliverable}» зсувається з {before} на {after} — "
           "чекаємо від вас фото продукції. Інші строки без змін."),
    "en": ("A heads-up: “{deliverable}” moves from {before} to {after} while we wait for your "
           "product photos. Every other deadline stays as planned."),
}
