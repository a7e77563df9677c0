# Page fault cost: median ns per fault (stack page, anonymous first touch) (bench/driver)
set datafile missing 'NaN'
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set key top left
set grid ytics
set xtics rotate by -50 scale 0 font ',9'
set title 'Page fault cost: median ns per fault (stack page, anonymous first touch)'
set ylabel 'ns per fault'
set yrange [0:*]
set terminal pngcairo noenhanced size 1600,700 font ',10'
set output 'faults-time.png'
plot for [i=2:7] 'faults-time.dat' using i:xtic(1) title columnheader(i)
set terminal svg noenhanced size 1600,700 dynamic font 'sans,10'
set output 'faults-time.svg'
plot for [i=2:7] 'faults-time.dat' using i:xtic(1) title columnheader(i)
