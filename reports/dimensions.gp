# Dimension profile: a heat map of each group's mean dimension scores.
# Usage: gnuplot -c dimensions.gp DATA.tsv OUTPUT svg|png|pdf STAGES
# DATA: a header row, then one row per cell: column index, row index, mean
# score (empty when no response has one), dimension name, group label.
# STAGES: the number of stages S (scores run from 0 to S).
if (ARGC < 4) { print "usage: gnuplot -c dimensions.gp DATA OUTPUT svg|png|pdf STAGES"; exit status 2 }
data = ARG1; out = ARG2; fmt = ARG3; S = real(ARG4)
if (fmt eq "svg") { set terminal svg size 1000,560 dynamic noenhanced font "DejaVu Sans,14" background "white" } else {
if (fmt eq "png") { set terminal pngcairo size 1000,560 noenhanced font "DejaVu Sans,12" background "white" } else {
if (fmt eq "pdf") { set terminal pdfcairo size 10in,5.6in noenhanced font "DejaVu Sans,11" } else {
print "unknown format: ", fmt; exit status 2 } } }
set output out
set termoption noenhanced
set datafile separator "\t"
set datafile commentschars ""

set title "Mean dimension score, by group (0 = not started)"
set xlabel "Dimension"
set ylabel ""
set cblabel "Mean score"
set cbrange [0:S]
# viridis: ordered in lightness, readable without colour vision
set palette defined (0 "#440154", 1 "#3B528B", 2 "#21908C", 3 "#5DC863", 4 "#FDE725")
set xtics rotate by -30 left nomirror scale 0
set ytics nomirror scale 0
set yrange [*:*] reverse
set offsets 0.5, 0.5, 0.5, 0.5
set border 0
set style fill solid 1.0 noborder
plot data using 1:2:(0.5):(0.5):3:xtic(4):ytic(5) skip 1 with boxxyerror fc palette notitle, \
     data using 1:2:(sprintf("%.1f", $3)) skip 1 with labels tc rgb "white" notitle
