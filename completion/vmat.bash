# bash completion for vmat(1)
_vmat_survey_fields() {
	# the field ids of the survey named by -s/--survey on the line
	local i survey=
	for ((i = 1; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		-s | --survey) survey=${COMP_WORDS[i + 1]} ;;
		--survey=*) survey=${COMP_WORDS[i]#--survey=} ;;
		esac
	done
	[ -n "$survey" ] && [ -f "$survey" ] || return
	vmat check "$survey" 2>/dev/null |
		sed -n 's/^Fields (\* required)://p' |
		sed 's/([^)]*)//g; s/[*,]/ /g'
}

_vmat() {
	local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]}
	local commands="check score report explain history peers interview import export merge sample help"
	if [ "$COMP_CWORD" -eq 1 ]; then
		COMPREPLY=($(compgen -W "$commands --help --version" -- "$cur"))
		return
	fi
	local cmd=${COMP_WORDS[1]}
	case $prev in
	-s | --survey | --map | --resume)
		COMPREPLY=($(compgen -f -X '!*.json' -- "$cur") $(compgen -d -- "$cur"))
		return
		;;
	-o | --output | --templates)
		COMPREPLY=($(compgen -d -- "$cur"))
		return
		;;
	--charts)
		COMPREPLY=($(compgen -W "svg png pdf none" -- "$cur"))
		return
		;;
	--format)
		if [ "$cmd" = explain ]; then
			COMPREPLY=($(compgen -W "text md" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "csv json table" -- "$cur"))
		fi
		return
		;;
	--by)
		# a comma-separated list: complete its last item
		local done=${cur%"${cur##*,}"} last=${cur##*,}
		COMPREPLY=($(compgen -P "$done" -W "$(_vmat_survey_fields) year quarter month" \
			-- "$last"))
		return
		;;
	--delimiter)
		COMPREPLY=($(compgen -W "', ;'" -- "$cur"))
		return
		;;
	--min-group | --min-n | --as-of | --stale-after | --size | --customer | -c | -n | --count | --seed)
		return
		;;
	esac
	local opts
	case $cmd in
	check) opts="--help" ;;
	score) opts="--survey --format --strict --skip-invalid --no-csv-guard --delimiter --threads --help" ;;
	report) opts="--survey --by --latest --aliases --min-group --min-n --output --as-of --stale-after
		--charts --templates --pdf --names --strict --skip-invalid --no-csv-guard --delimiter --threads --quiet
		--help" ;;
	history) opts="--survey --customer --aliases --format --strict --skip-invalid --no-csv-guard
		--threads --quiet --help" ;;
	peers) opts="--survey --by --size --names --aliases --format --strict --skip-invalid
		--no-csv-guard --delimiter --threads --quiet --help" ;;
	explain) opts="--survey --format --strict --delimiter --help" ;;
	interview) opts="--survey --output --resume --list --help" ;;
	import) opts="--survey --map --output --template --skip-invalid --help" ;;
	export) opts="--survey --strict --skip-invalid --no-csv-guard --delimiter --threads --help" ;;
	merge) opts="--output --survey --delimiter --help" ;;
	sample) opts="--survey --count --seed --help" ;;
	help)
		COMPREPLY=($(compgen -W "$commands" -- "$cur"))
		return
		;;
	esac
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$opts" -- "$cur"))
	else
		COMPREPLY=($(compgen -f -- "$cur"))
	fi
}
complete -o filenames -F _vmat vmat
