"""The charts' geometry (steering.charts): pure, without Django."""

import itertools

from steering import charts


def test_the_scale_ends_on_a_round_value_at_least_the_highest_bar():
    assert charts.nice_maximum(0) == 1
    assert charts.nice_maximum(87) == 100
    assert charts.nice_maximum(2300) == 2500
    assert charts.nice_maximum(400) == 500
    assert charts.scale_ticks(100) == [0, 20, 40, 60, 80, 100]
    assert charts.scale_ticks(2500) == [0, 500, 1000, 1500, 2000, 2500]
    assert charts.scale_ticks(2) == [0, 1, 2]
    assert charts.scale_ticks(1) == [0, 1]


def test_the_highest_column_fills_the_plot_and_a_zero_has_no_height():
    chart = charts.columns([("1 mars", 0), ("2 mars", 50), ("3 mars", 100)])
    zero, half, full = chart.bars
    assert zero.height == 0
    assert full.y == chart.plot_top
    assert full.height == chart.plot_bottom - chart.plot_top
    assert half.height == full.height / 2
    assert zero.x < half.x < full.x


def test_labels_under_many_columns_never_overlap_and_are_sparser_on_a_phone():
    chart = charts.columns([(f"{day} mars", day) for day in range(1, 32)])
    labelled = [bar.label_x for bar in chart.bars if bar.show_label]
    assert min(b - a for a, b in itertools.pairwise(labelled)) >= charts.LABEL_SPACING
    narrow = [bar for bar in chart.bars if bar.show_label_narrow]
    assert 0 < len(narrow) < len(labelled)
    assert chart.bars[0].show_label and chart.bars[0].show_label_narrow


def test_rows_are_one_per_category_with_long_names_shortened():
    chart = charts.rows([("Saint-Denis", 10), ("Aulnay-sous-Bois et une très longue suite", 5)])
    first, second = chart.bars
    assert second.y > first.y
    assert second.width == first.width / 2
    assert len(second.label) == charts.MAX_ROW_LABEL and second.label.endswith("…")
    assert chart.height > 2 * first.height
