# Journey stage mix per group: 100% stacked bars.
# Usage: gnuplot -c stages.gp DATA.tsv OUTPUT svg|png|pdf COLUMNS
# DATA: a header row (group, then one column per stage, named), then per
# group its label and the share of its responses at each stage, in percent.
# Every text in the chart comes from DATA: nothing in it is run as code.
if (ARGC < 4) { print "usage: gnuplot -c stages.gp DATA OUTPUT svg|png|pdf COLUMNS"; exit status 2 }
data = ARG1; out = ARG2; fmt = ARG3; ncol = int(ARG4)
if (fmt eq "svg") { set terminal svg size 1000,520 dynamic noenhanced font "DejaVu Sans,14" background "white" } else {
if (fmt eq "png") { set terminal pngcairo size 1000,520 noenhanced font "DejaVu Sans,12" background "white" } else {
if (fmt eq "pdf") { set terminal pdfcairo size 10in,5.2in noenhanced font "DejaVu Sans,11" } else {
print "unknown format: ", fmt; exit status 2 } } }
set output out
set termoption noenhanced
set datafile separator "\t"
set datafile commentschars ""

# Okabe-Ito: told apart with the common colour-vision deficiencies.
array C[8] = ["#BBBBBB", "#E69F00", "#56B4E9", "#009E73", "#0072B2", "#D55E00", "#CC79A7", "#F0E442"]
set title "Journey stage reached, by group"
set ylabel "Share of responses (%)"
set yrange [0:100]
set ytics 0, 20, 100 nomirror
set xtics nomirror scale 0
set border 3
set grid ytics lc rgb "#DDDDDD"
set key outside right top vertical reverse Left title "Stage reached" noautotitle
set style data histograms
set style histogram rowstacked
set style fill solid 0.95 border lc rgb "white"
set boxwidth 0.6
plot for [i=2:ncol] data using i:xtic(1) title columnheader(i) lc rgb C[(i - 2) % 8 + 1]
