# Mean index by quarter, one line per group (written when the responses
# span more than one quarter).
# Usage: gnuplot -c trend.gp DATA.tsv OUTPUT svg|png|pdf COLUMNS
# DATA: a header row (quarter, then one column per group, named by its
# label), then per quarter the mean index of each group (empty: none).
if (ARGC < 4) { print "usage: gnuplot -c trend.gp DATA OUTPUT svg|png|pdf COLUMNS"; exit status 2 }
data = ARG1; out = ARG2; fmt = ARG3; ncol = int(ARG4)
if (fmt eq "svg") { set terminal svg size 1000,520 dynamic noenhanced font "DejaVu Sans,14" background "white" } else {
if (fmt eq "png") { set terminal pngcairo size 1000,520 noenhanced font "DejaVu Sans,12" background "white" } else {
if (fmt eq "pdf") { set terminal pdfcairo size 10in,5.2in noenhanced font "DejaVu Sans,11" } else {
print "unknown format: ", fmt; exit status 2 } } }
set output out
set termoption noenhanced
set datafile separator "\t"
set datafile commentschars ""

array C[8] = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
array P[8] = [7, 5, 9, 11, 13, 15, 6, 4]
set title "Mean maturity index by quarter, by group"
set xlabel "Quarter"
set ylabel "Maturity index (0-100)"
set yrange [0:100]
set xtics rotate by -30 left nomirror
set ytics nomirror
set grid ytics lc rgb "#DDDDDD"
set border 3
set key outside right top vertical Left reverse
set datafile missing ""
set offsets 0.3, 0.3, 0, 0
plot for [i=2:ncol] data using 0:i:xtic(1) with linespoints lw 2 pt P[(i - 2) % 8 + 1] \
     lc rgb C[(i - 2) % 8 + 1] title columnheader(i)
