"""Native Excel charts (openpyxl.chart): a ranking bar chart per metric, a trend line chart per unit."""

from __future__ import annotations

from openpyxl.chart import BarChart, LineChart, Reference, Series
from openpyxl.chart.data_source import AxDataSource, StrRef
from openpyxl.chart.layout import Layout, ManualLayout
from openpyxl.worksheet.worksheet import Worksheet

CM_PER_BAR = 0.6
COLORS = ("2F6EBA", "E07B39", "3A9A5B", "8E5BB5", "C23B3B", "7F7F7F")


def ranking_chart(
    ws: Worksheet, title: str, names: tuple[int, int, int], values: int, fmt: str
) -> BarChart:
    """Horizontal bars of one metric, rank 1 on top; names = (column, first row, last row)."""
    col, first, last = names
    chart = BarChart()
    chart.type = "bar"
    chart.title = title
    chart.legend = None
    chart.style = 2
    chart.series.append(
        Series(Reference(ws, min_col=values, min_row=first, max_row=last), title=title)
    )
    # unit names are text: a string reference, or Excel may number the bars 1, 2, 3 instead
    names_ref = Reference(ws, min_col=col, min_row=first, max_row=last)
    chart.series[0].cat = AxDataSource(strRef=StrRef(f=str(names_ref)))
    chart.x_axis.scaling.orientation = "maxMin"  # first row (rank 1) at the top
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.y_axis.number_format = fmt
    chart.y_axis.majorGridlines = None
    chart.visible_cells_only = False  # a filter on the sheet must not empty the chart
    chart.series[0].graphicalProperties.solidFill = COLORS[0]
    chart.width = 15
    chart.height = max(6.0, 2.5 + CM_PER_BAR * (last - first + 1))
    return chart


def trend_chart(
    ws: Worksheet, title: str, years: tuple[int, int, int], series_cols: list[tuple[int, str]]
) -> LineChart:
    """One unit's main figures over the years; years = (column, first row, last row)."""
    col, first, last = years
    chart = LineChart()
    chart.title = title
    chart.style = 2
    for j, (column, name) in enumerate(series_cols):
        series = Series(Reference(ws, min_col=column, min_row=first, max_row=last), title=name)
        chart.series.append(series)
        series.marker.symbol = "circle"
        series.marker.size = 6
        series.graphicalProperties.line.solidFill = COLORS[j % len(COLORS)]
        series.marker.graphicalProperties.solidFill = COLORS[j % len(COLORS)]
        series.smooth = False
    chart.set_categories(Reference(ws, min_col=col, min_row=first, max_row=last))
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.x_axis.number_format = "0"
    chart.y_axis.number_format = "#,##0"
    chart.y_axis.title = "万元"
    chart.legend.position = "b"
    chart.visible_cells_only = False
    chart.layout = Layout(manualLayout=ManualLayout(x=0.02, y=0.12, w=0.96, h=0.7))
    chart.width = 15
    chart.height = 7.5
    return chart
