# SPDX-License-Identifier: GPL-3.0-or-later
# bash completion for fifolab and fifolab-peer: commands, options, framings,
# and for a pipe argument only FIFOs and folders. Self-contained: it uses no
# helper of the bash-completion package, so it also works when sourced alone.
# Installed twice, as completions/fifolab and completions/fifolab-peer, so
# that bash-completion loads it on demand for either command.

# Sets _fifolab_cur (the word being completed), _fifolab_prev (the word
# before it: an option waiting for its value) and _fifolab_prefix (what a
# reply must start with), whether or not "=" splits words in COMP_WORDBREAKS.
_fifolab_words ()
{
  _fifolab_cur=${COMP_WORDS[COMP_CWORD]}
  _fifolab_prev=
  _fifolab_prefix=
  (( COMP_CWORD > 0 )) && _fifolab_prev=${COMP_WORDS[COMP_CWORD - 1]}
  if [[ $_fifolab_cur == "=" ]]; then
    _fifolab_cur=
  elif [[ $_fifolab_prev == "=" ]] && (( COMP_CWORD > 1 )); then
    _fifolab_prev=${COMP_WORDS[COMP_CWORD - 2]}
  elif [[ $_fifolab_cur == --*=* ]]; then
    _fifolab_prev=${_fifolab_cur%%=*}
    _fifolab_prefix=${_fifolab_prev}=
    _fifolab_cur=${_fifolab_cur#*=}
  fi
}

# Replies with the words of $1 that start with the current word.
_fifolab_reply_words ()
{
  local word
  COMPREPLY=()
  for word in $(compgen -W "$1" -- "$_fifolab_cur"); do
    COMPREPLY+=("$_fifolab_prefix$word")
  done
}

# Replies with the FIFOs and folders that start with the current word, or
# (with "dirs") the folders only. Folders end in "/" and take no space after.
_fifolab_reply_paths ()
{
  local only_dirs=${1:-} path on_disk
  local -a found=()
  COMPREPLY=()
  while IFS= read -r path; do
    on_disk=$path
    [[ $on_disk == "~/"* ]] && on_disk=$HOME/${on_disk#"~/"}
    if [[ -d $on_disk ]]; then
      found+=("$path/")
    elif [[ -z $only_dirs && -p $on_disk ]]; then
      found+=("$path")
    fi
  done < <(compgen -f -- "$_fifolab_cur")
  for path in "${found[@]}"; do
    COMPREPLY+=("$_fifolab_prefix$path")
  done
  compopt -o filenames -o nospace 2>/dev/null
  # A single FIFO is a whole word: end it with a space after all.
  if (( ${#found[@]} == 1 )) && [[ ${found[0]} != */ ]]; then
    compopt +o nospace 2>/dev/null
  fi
  return 0
}

_fifolab_peer ()
{
  local _fifolab_cur _fifolab_prev _fifolab_prefix
  local command= word i options_ended=
  _fifolab_words

  for (( i = 1; i < COMP_CWORD; i++ )); do
    word=${COMP_WORDS[i]}
    if [[ -z $command && $word != -* ]]; then
      command=$word
    elif [[ -n $command && $word == "--" ]]; then
      options_ended=1
    fi
  done

  if [[ -z $command ]]; then
    if [[ $_fifolab_cur == -* ]]; then
      _fifolab_reply_words "-h --help -V --version"
    else
      _fifolab_reply_words "write read watch tap replay"
    fi
    return 0
  fi

  if [[ -z $options_ended ]]; then
    case $_fifolab_prev in
      -f|--framing)
        _fifolab_reply_words "raw line fixed length-prefix"
        return 0 ;;
      -a|--arriving)
        [[ $command == tap ]] && _fifolab_reply_words "auto writers readers"
        return 0 ;;
      -m|--message|-c|--count|-i|--interval|-d|--delay|-s|--size|-b|--bytes|--speed|-p|--pipe|--pid|--except)
        COMPREPLY=()
        return 0 ;;
      --pcapng)
        # Any file name: bash's own completion.
        COMPREPLY=()
        compopt -o default 2>/dev/null
        return 0 ;;
    esac
    if [[ $_fifolab_cur == -* ]]; then
      case $command in
        write)
          _fifolab_reply_words "-h --help -m --message -c --count -i --interval -d --delay -f --framing
                                -s --size --no-create -V --version --" ;;
        read)
          _fifolab_reply_words "-h --help -b --bytes -c --count -f --framing -s --size
                                --no-create -V --version --" ;;
        watch)
          _fifolab_reply_words "-h --help --json --step --hold-named --except -c --count --pcapng --" ;;
        tap)
          _fifolab_reply_words "-h --help -j --json -a --arriving -r --restore -V --version --" ;;
        replay)
          _fifolab_reply_words "-h --help -s --speed -p --pipe --pid -j --json" ;;
        *)
          COMPREPLY=() ;;
      esac
      return 0
    fi
  fi

  case $command in
    write|read|watch|tap) _fifolab_reply_paths ;;
    replay)
      # A recording (any file), then the pipe: bash's own completion.
      COMPREPLY=()
      compopt -o default 2>/dev/null ;;
    *) COMPREPLY=() ;;
  esac
  return 0
}

_fifolab ()
{
  local _fifolab_cur _fifolab_prev _fifolab_prefix
  _fifolab_words

  case $_fifolab_prev in
    --folder)
      _fifolab_reply_paths dirs
      return 0 ;;
    -r|--read|-w|--write)
      _fifolab_reply_paths
      return 0 ;;
    --open)
      # A recording: any file, bash's own completion.
      COMPREPLY=()
      compopt -o default 2>/dev/null
      return 0 ;;
  esac
  if [[ $_fifolab_cur == -* ]]; then
    _fifolab_reply_words "-h --help --help-all --help-gapplication --gapplication-service
                          --folder -r --read -w --write --open --version"
    return 0
  fi
  _fifolab_reply_paths
}

complete -F _fifolab_peer fifolab-peer
complete -F _fifolab fifolab
