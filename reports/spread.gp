# Spread of the maturity index per group: the box runs from the first to the
# third quartile, the bar inside is the median.
# Usage: gnuplot -c spread.gp DATA.tsv OUTPUT svg|png|pdf
# DATA: a header row, then per group: label, p25, median, p75, responses.
if (ARGC < 3) { print "usage: gnuplot -c spread.gp DATA OUTPUT svg|png|pdf"; exit status 2 }
data = ARG1; out = ARG2; fmt = ARG3
if (fmt eq "svg") { set terminal svg size 1000,520 dynamic noenhanced font "DejaVu Sans,14" background "white" } else {
if (fmt eq "png") { set terminal pngcairo size 1000,520 noenhanced font "DejaVu Sans,12" background "white" } else {
if (fmt eq "pdf") { set terminal pdfcairo size 10in,5.2in noenhanced font "DejaVu Sans,11" } else {
print "unknown format: ", fmt; exit status 2 } } }
set output out
set termoption noenhanced
set datafile separator "\t"
set datafile commentschars ""

set title "Maturity index per group: quartiles and median"
set ylabel "Maturity index (0-100)"
set yrange [0:100]
set xrange [-0.6:*]
set offsets 0, 0.6, 0, 0
set xtics nomirror scale 0
set ytics nomirror
set grid ytics lc rgb "#DDDDDD"
set border 3
set boxwidth 0.5
set style fill solid 0.6 border
set errorbars small
plot data using 0:2:2:4:4:xtic(1) skip 1 with candlesticks lc rgb "#56B4E9" \
     title "25th to 75th percentile", \
     data using 0:3:(0.25) skip 1 with xerrorbars pt 7 ps 0.01 lw 3 lc rgb "#D55E00" title "median"
