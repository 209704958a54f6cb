import pytest

from pipeline.dehyphenate import Lexicon, join_lines

DOC_LINES = [
    "the information-sharing frameworks and a multi-agency panel",
    "radicalisation of young people, information and sharing of data",
    "the reintegration of returnees and the governmental bodies",
]


@pytest.mark.parametrize(
    ("previous", "following", "joined"),
    [
        ("exchange of information-", "sharing between services", "exchange of information-sharing between services"),  # seen mid-line
        ("a local multi-", "agency structure", "a local multi-agency structure"),  # prefix + word
        ("two non-", "governmental partners", "two non-governmental partners"),  # prefix + word of the document
        ("processes of radical-", "isation in Europe", "processes of radicalisation in Europe"),  # suffix fragment
        ("social and professional re-", "integration", "social and professional reintegration"),  # joined form seen
        ("the counter-", "radicalisation measures", "the counter-radicalisation measures"),
        ("in North Rhine-", "Westphalia and Bavaria", "in North Rhine-Westphalia and Bavaria"),  # names keep it
        ("a strong col-", "laborative approach", "a strong collaborative approach"),  # unknown fragments: join
        ("the plan", "was adopted", "the plan was adopted"),
    ],
)
def test_join_lines_decides_hyphen_from_lexicon(previous, following, joined):
    assert join_lines(previous, following, Lexicon(DOC_LINES)) == joined


def test_url_broken_at_line_end_runs_on_without_space():
    lexicon = Lexicon([])
    assert join_lines("see https://vng.nl/veiligheid/aanpak-", "radicalisering", lexicon) == "see https://vng.nl/veiligheid/aanpak-radicalisering"
    assert join_lines("http://www.mik.nrw.de/Dokumente/", "Wegweiser/FAQ_", lexicon) == "http://www.mik.nrw.de/Dokumente/Wegweiser/FAQ_"


def test_lexicon_ignores_the_line_end_fragment_itself():
    lexicon = Lexicon(["a local multi-", "agency panel"])
    assert "multi" not in lexicon.words


@pytest.mark.parametrize(("left", "right", "joined"), [("with-", "out delay", "without delay"), ("some-", "times", "sometimes")])
def test_closed_compounds_are_joined(left, right, joined):
    assert join_lines(left, right, Lexicon(["with delay and out", "some times"])) == joined


@pytest.mark.parametrize(
    ("previous", "following", "joined"),
    [
        ("adopted equal-", "treatment plans", "adopted equal-treatment plans"),  # two English words
        ("the re-", "form of the police", "the reform of the police"),  # weak prefix, English word joined
        ("the co-", "chair of the board", "the co-chair of the board"),  # weak prefix, no joined word
        ("the govern-", "ment of Poland", "the government of Poland"),  # a suffix fragment
        ("the commu-", "nity of Lisbon", "the community of Lisbon"),  # fragments
    ],
)
def test_english_lemmas_decide_where_the_document_is_silent(previous, following, joined):
    assert join_lines(previous, following, Lexicon([])) == joined


def test_the_fragment_that_starts_a_line_is_not_a_word_of_the_lexicon():
    lexicon = Lexicon(["officials, police officers and rep-", "resentatives of the community"])
    assert "resentatives" not in lexicon.words
    assert join_lines("and rep-", "resentatives of", lexicon) == "and representatives of"


def test_a_short_half_of_an_english_word_is_joined():
    assert join_lines("must be proportion-", "ate to the risk", Lexicon([])) == "must be proportionate to the risk"


# Issues 7/8: words both of whose halves are English words (dev-d, LibreOffice en-GB hyphenation).
@pytest.mark.parametrize(
    ("previous", "following", "joined"),
    [
        # an inflection after a doubled final consonant: the patterns break between the two consonants
        ("the risk of emergencies occur-", "ring and", "the risk of emergencies occurring and"),
        ("a process control-", "led by the police", "a process controlled by the police"),
        ("officers who travel-", "led abroad", "officers who travelled abroad"),
        # a word-forming suffix that is also a word, maybe inflected
        ("Attorneys have lever-", "aged their authority", "Attorneys have leveraged their authority"),
        ("a local partner-", "ship of schools", "a local partnership of schools"),
        ("the neighbour-", "hood teams", "the neighbourhood teams"),
        # compounds stay compounds
        ("adopted after-", "care plans", "adopted after-care plans"),  # `care` is no ending
        ("in old-", "age homes", "in old-age homes"),  # `oldage` is no English word
        ("a colour-", "red map", "a colour-red map"),  # `colour` does not double its `r` (two vowels before it)
    ],
)
def test_an_ending_that_is_also_a_word_is_joined(previous, following, joined):
    assert join_lines(previous, following, Lexicon([])) == joined


@pytest.mark.parametrize(
    ("previous", "following", "joined"),
    [
        ("activities on a case-by-", "case basis", "activities on a case-by-case basis"),
        ("meetings held face-to-", "face with the", "meetings held face-to-face with the"),
        ("a state-of-the-", "art system", "a state-of-the-art system"),
        ("a well-estab-", "lished network", "a well-established network"),  # `estab` is no word: split by the typesetter
    ],
)
def test_a_hyphenated_compound_broken_at_its_own_hyphen_keeps_it(previous, following, joined):
    lexicon = Lexicon(["by the state and of the people, to them"])  # short function words are words of the document
    assert join_lines(previous, following, lexicon) == joined


@pytest.mark.parametrize(
    ("previous", "following", "joined"),
    [
        ("report GAO-", "15-684 of July", "report GAO-15-684 of July"),
        ("see pages 10-", "12 of the plan", "see pages 10-12 of the plan"),
    ],
)
def test_a_hyphen_before_a_digit_is_the_texts_own(previous, following, joined):
    assert join_lines(previous, following, Lexicon([])) == joined


@pytest.mark.parametrize("hyphen", ["-", "\u00ad", "\u2010", "\u2011"])
def test_every_line_end_hyphen_character_is_mended(hyphen):
    lexicon = Lexicon([])
    assert join_lines(f"emergencies occur{hyphen}", "ring and", lexicon) == "emergencies occurring and"
    assert join_lines(f"a local multi{hyphen}", "agency panel", lexicon) == "a local multi-agency panel"


def test_a_compound_written_with_non_breaking_hyphens_mid_line_is_in_the_lexicon():
    lexicon = Lexicon(["the well\u2011being of pupils and their after\u2011care"])
    assert "well-being" in lexicon.hyphenated
    assert join_lines("the after-", "care of pupils", lexicon) == "the after-care of pupils"
    assert join_lines("the case\u2011by-", "case basis", lexicon) == "the case\u2011by-case basis"


# A two-column page as LibreOffice sets it (dev-d): justified 10-pt lines 11.5 pt apart in both
# columns, a 13-pt heading in the left column level with two lines of the right one, and words
# broken at the right column's line ends.
LEFT_COLUMN = [
    "The council adopted conclusions on the",
    "prevention of radicalisation in prisons and",
    "on the release of offenders, and asked the",
    "member states to share their practices.",
    None,  # the heading's place
    None,
    "The Civil Contingencies Act sets out the",
    "duties of the emergency services and of",
    "the local authorities in each county.",
]
RIGHT_COLUMN = [
    "The partnership of the county oversees and",
    "engages with wider partners in the develop-",
    "ment and delivery of the Community Safety",
    "Agreement. It assesses the risk of occur-",
    "ring emergencies, and the attorneys have lever-",
    "aged their authority to support, on a case-by-",
    "case basis, the work of the partnership in",
    "the county and in the districts of the region.",
    "The partnership meets four times a year.",
]


def _two_column_page(path):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(str(path), pagesize=A4)
    height = A4[1]
    canvas.setFont("Helvetica", 10)
    top = 150.0  # baseline of the first line, from the top of the page
    for i, (left, right) in enumerate(zip(LEFT_COLUMN, RIGHT_COLUMN)):
        baseline = height - (top + 11.5 * i)
        if left:
            canvas.drawString(71, baseline, left)
        canvas.drawString(308, baseline, right)
    canvas.setFont("Helvetica-Bold", 13)
    canvas.drawString(71, height - (top + 11.5 * 4.6), "United Kingdom")  # level with right lines 5 and 6
    canvas.save()


def test_two_column_line_ends_are_mended_in_the_parse(tmp_path):
    from pipeline.pdf import parse_pdf
    from pipeline.sections import split_sections

    path = tmp_path / "two-columns.pdf"
    _two_column_page(path)
    text = " ".join(section.text for section in split_sections(parse_pdf(path)))
    # the heading beside two right-column lines does not merge them into one line
    assert "engages with wider partners in the development and delivery of the Community Safety Agreement." in text
    assert "the risk of occurring emergencies, and the attorneys have leveraged their authority" in text
    assert "on a case-by-case basis" in text
