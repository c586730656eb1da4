from conflictlens.clean.furniture import remove_furniture

BODY = ("Government forces shelled the eastern districts of the city on Tuesday, residents said. " * 6).strip()


def test_comment_form_removed_body_kept():
    text = f"Title line\n\n{BODY}\n\n{BODY}\n\nLeave a Reply\n\nYou are commenting using your Twitter account. Log Out / Change )\n\nConnecting to %s"
    r = remove_furniture(text)
    assert BODY in r.text and "Leave a Reply" not in r.text and "Connecting" not in r.text


def test_pingbacks_and_share_lines():
    text = f"{BODY}\n\nShare this:\n\n{BODY}\n\n2 thoughts on “Title”\n\nPingback: Another post | Blog"
    r = remove_furniture(text)
    assert "Share this" not in r.text and "Pingback" not in r.text and r.text.count(BODY) == 2


def test_donation_appeal_block_at_end():
    appeal = ("Our journalism takes time, money and effort to deliver. But we do it because we believe we have a duty.\n\n"
              "If you value our work, please support us for as little as £5 a month.")
    r = remove_furniture(f"{BODY}\n\n{BODY}\n\n{BODY}\n\n{appeal}")
    assert "support us" not in r.text and "Our journalism" not in r.text and r.text.count(BODY) == 3


def test_appeal_words_in_body_are_kept():
    # An appeal-like phrase early in the article is body text, not furniture.
    early = "The UN urged donors to support us, the agency said, as it appealed for aid."
    r = remove_furniture(f"{early}\n\n{BODY}\n\n{BODY}")
    assert early in r.text


def test_author_bio_sets_author():
    text = f"{BODY}\n\nJane Doe\nJane Doe is a Beirut-based journalist covering the Syrian war."
    r = remove_furniture(text)
    assert r.bio_author == "Jane Doe" and "Beirut-based" not in r.text and BODY in r.text


def test_tag_line_removed_but_title_kept():
    text = f"Politics World Top News Middle East Analysis\n\nRebels Retake Key Town Near Idlib\n\n{BODY}"
    r = remove_furniture(text)
    assert r.text.startswith("Rebels Retake Key Town Near Idlib")
